"""`/api/v1/speakers`: search, read, add, correct and merge speakers, and record
checks. The same access rules (`podium.speakers.access`) and services as the pages;
findings and contact details are answered only to reviewers."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from podium.accounts.models import User
from podium.api.kit import ERRORS, WRITE, Conflict, FieldError, Id, In, InvalidInput, required_text
from podium.speakers import access, selectors, services
from podium.speakers.candidates import (
    CONFIRM_HELP,
    SpeakerCandidateOut,
    candidates,
    did_you_mean_message,
)
from podium.speakers.models import CheckSource, Speaker, SpeakerCheck

router: Router = Router(tags=["speakers"])

Line = Field(default=None, max_length=200)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- Schemas ---------------------------------------------------------------------------


class CheckOut(Schema):
    id: int
    sources: list[str]
    checked_by: str
    checked_on: date
    findings: str
    references: str
    recheck_after: date


class SpeakerOut(Schema):
    id: int
    name: str
    other_names: list[str]
    affiliations: list[str]
    links: list[str]
    merged_into: int | None
    # Reviewers only: absent (null) for organisers.
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
    history: str | None = Field(default=None, description="One-line summary (reviewers).")
    checks: list[CheckOut] | None = Field(default=None, description="Reviewers only.")

    @classmethod
    def of(cls, speaker: Speaker, *, reviewer: bool) -> SpeakerOut:
        names = list(speaker.names.all())
        out = cls(
            id=speaker.pk,
            name=speaker.name,
            other_names=[n.name for n in names if not n.is_primary],
            affiliations=speaker.affiliation_list,
            links=speaker.link_list,
            merged_into=speaker.merged_into_id,
        )
        if reviewer:
            out.email, out.phone, out.notes = speaker.email, speaker.phone, speaker.notes
            out.history = selectors.summaries_for([speaker.pk])[speaker.pk].line
            out.checks = [
                _check_out(c)
                for c in speaker.checks.select_related("checked_by").prefetch_related("sources")
            ]
        return out


def _check_out(check: SpeakerCheck) -> CheckOut:
    return CheckOut(
        id=check.pk,
        sources=sorted(s.name for s in check.sources.all()),
        checked_by=check.checked_by.full_name,
        checked_on=check.checked_on,
        findings=check.findings,
        references=check.references,
        recheck_after=check.recheck_after,
    )


class MatchOut(Schema):
    id: int
    name: str
    matched_name: str
    affiliations: list[str]
    similarity: float


class SearchFilter(Schema):
    q: str = Field(default="", max_length=200, description="A name, in any spelling.")


class SpeakerIn(In):
    name: str = required_text(200, min_length=1)
    other_names: list[str] = Field(default=[], max_length=50)
    affiliations: list[str] = Field(default=[], max_length=50)
    links: list[str] = Field(default=[], max_length=50)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    notes: str = Field(default="", max_length=10000)
    confirm_different_person: bool = Field(default=False, description=CONFIRM_HELP)


class SpeakerLikelyMatches(Schema):
    """409: the register has likely matches; use one, or confirm a different person."""

    errors: list[FieldError]
    matches: list[SpeakerCandidateOut]


class SpeakerChange(In):
    name: str | None = required_text(200, default=None, min_length=1)
    other_names: list[str] | None = Field(default=None, max_length=50)
    affiliations: list[str] | None = Field(default=None, max_length=50)
    links: list[str] | None = Field(default=None, max_length=50)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    notes: str | None = Field(default=None, max_length=10000)


class MergeIn(In):
    merged: Id = Field(description="The duplicate, merged into this speaker.")
    reason: str = required_text(5000, min_length=1)


class CheckIn(In):
    sources: list[Id] = Field(min_length=1, max_length=50, description="Check source ids.")
    checked_on: date
    findings: str = required_text(20000, min_length=1)
    references: str = Field(default="", max_length=10000)
    recheck_after: date | None = None


def _joined(lines: list[str] | None) -> str | None:
    return None if lines is None else "\n".join(line.strip() for line in lines if line.strip())


def _speaker(user: User, pk: int) -> Speaker:
    return access.get_speaker_or_404(user, pk)


# --- Operations ----------------------------------------------------------------------------


@router.get(
    "", response={200: list[MatchOut], **ERRORS}, summary="Search speakers", url_name="speakers"
)
def speaker_search(request: HttpRequest, filters: Query[SearchFilter]) -> list[MatchOut]:
    """Speakers whose names resemble `q` (any spelling, order, accents, small typos),
    closest first, at most 25. Organisers and reviewers."""
    access.require_register(_user(request))
    if not filters.q.strip():
        return []
    return [
        MatchOut(
            id=m.speaker.pk,
            name=m.speaker.name,
            matched_name=m.matched_name,
            affiliations=m.speaker.affiliation_list,
            similarity=round(m.score, 3),
        )
        for m in selectors.search(query=filters.q, visible=access.findable_filter(_user(request)))
    ]


@router.post(
    "",
    response={201: SpeakerOut, **ERRORS, 409: SpeakerLikelyMatches},
    auth=WRITE,
    summary="Add a speaker",
    url_name="speakers",
)
def speaker_create(request: HttpRequest, payload: SpeakerIn) -> Status[SpeakerOut]:
    """Add a speaker, as the page does: when the register already has likely
    matches for the name or any other name ("did you mean"), nothing is added and
    the answer is 409 with `matches`, each with its id, events here, last check and
    whether that check is current. Use one of them, or send the speaker again with
    `confirm_different_person: true`."""
    user = _user(request)
    access.require_register(user)
    if not payload.confirm_different_person:
        matches = selectors.did_you_mean(
            names=[payload.name, *payload.other_names], visible=access.findable_filter(user)
        )
        if matches:
            raise Conflict(
                [("name", did_you_mean_message(payload.name.strip()))],
                matches=candidates(matches),
            )
    speaker = services.create_speaker(
        acting_user=user,
        facts=services.SpeakerFacts(
            name=payload.name,
            other_names=payload.other_names,
            affiliations=_joined(payload.affiliations),
            links=_joined(payload.links),
            email=payload.email,
            phone=payload.phone,
            notes=payload.notes,
        ),
    )
    return Status(201, SpeakerOut.of(speaker, reviewer=access.may_see_restricted(user, speaker)))


@router.get(
    "/{pk}", response={200: SpeakerOut, **ERRORS}, summary="Read a speaker", url_name="speaker"
)
def speaker_detail(request: HttpRequest, pk: Id) -> SpeakerOut:
    """Names, affiliations and links; for reviewers of a request the speaker is on (or
    reviewers over the whole institution) also contact details, notes, the history
    summary and the checks with their findings."""
    user = _user(request)
    speaker = _speaker(user, pk)
    return SpeakerOut.of(speaker, reviewer=access.may_see_restricted(user, speaker))


@router.patch(
    "/{pk}",
    response={200: SpeakerOut, **ERRORS},
    auth=WRITE,
    summary="Correct a speaker",
    url_name="speaker",
)
def speaker_update(request: HttpRequest, pk: Id, payload: SpeakerChange) -> SpeakerOut:
    """Reviewers only. Fields left out keep their value; `other_names` replaces the list."""
    user = _user(request)
    speaker = _speaker(user, pk)
    access.require_restricted(user, speaker)
    speaker = services.update_speaker(
        acting_user=user,
        speaker=speaker,
        facts=services.SpeakerFacts(
            name=payload.name,
            other_names=payload.other_names,
            affiliations=_joined(payload.affiliations),
            links=_joined(payload.links),
            email=payload.email,
            phone=payload.phone,
            notes=payload.notes,
        ),
    )
    return SpeakerOut.of(speaker, reviewer=True)


@router.post(
    "/{pk}/merge",
    response={200: SpeakerOut, **ERRORS},
    auth=WRITE,
    summary="Merge a duplicate into a speaker",
    url_name="speaker-merge",
)
def speaker_merge(request: HttpRequest, pk: Id, payload: MergeIn) -> SpeakerOut:
    """Reviewers only. `merged`'s names, event links, checks and acknowledgements move
    to this speaker; `merged` then points here."""
    user = _user(request)
    survivor = _speaker(user, pk)
    access.require_restricted(user, survivor)
    merged = Speaker.objects.filter(pk=payload.merged).first()
    if merged is None:
        raise InvalidInput([("merged", "There is no speaker with that id.")])
    return SpeakerOut.of(
        services.merge_speakers(
            acting_user=user, survivor=survivor, merged=merged, reason=payload.reason
        ),
        reviewer=True,
    )


@router.post(
    "/{pk}/checks",
    response={201: CheckOut, **ERRORS},
    auth=WRITE,
    summary="Record a due-diligence check",
    url_name="speaker-checks",
)
def speaker_check(request: HttpRequest, pk: Id, payload: CheckIn) -> Status[CheckOut]:
    """Reviewers only. `recheck_after` defaults to the administrator's number of months."""
    user = _user(request)
    speaker = _speaker(user, pk)
    access.require_restricted(user, speaker)
    sources = list(CheckSource.objects.filter(pk__in=payload.sources, is_active=True))
    if len(sources) != len(set(payload.sources)):
        raise InvalidInput([("sources", "Choose sources from the administrator's list.")])
    check = services.record_check(
        acting_user=user,
        speaker=speaker,
        sources=sources,
        checked_on=payload.checked_on,
        findings=payload.findings,
        references=payload.references,
        recheck_after=payload.recheck_after,
    )
    return Status(201, _check_out(check))
