"""Reads for the speaker register: search and duplicate detection, a speaker's
history, per-request summaries (a fixed number of queries however many speakers),
checks due for renewal, and whether a request may be approved yet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from podium.speakers.matching import LIKELY, SHOWN, match_key, prefixes, search_score, similarity
from podium.speakers.models import (
    Acknowledgement,
    AcknowledgementStatus,
    CheckSource,
    CodeOfConduct,
    Speaker,
    SpeakerCheck,
    SpeakerName,
    SpeakersPolicy,
)

if TYPE_CHECKING:
    from podium.events.models import EventRequest

# How many nearest names PostgreSQL hands to the Python scorer.
NEAREST = 60
# SQLite: at most this many candidates sharing a token prefix are scored.
SQLITE_CANDIDATES = 5000


@dataclass
class Match:
    speaker: Speaker
    matched_name: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _candidates(key: str) -> list[tuple[int, str, str]]:
    """(speaker id, name, match key) of names near `key`."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramDistance

        # Nearest neighbours by trigram distance: an index-ordered scan of the GiST
        # trigram index (migration 0002), so the cost does not grow with the register.
        return list(
            SpeakerName.objects.annotate(distance=TrigramDistance("match_key", key))
            .order_by("distance")
            .values_list("speaker_id", "name", "match_key")[:NEAREST]
        )
    condition = Q()
    for prefix in prefixes(key):
        condition |= Q(match_key__contains=prefix)
    return list(
        SpeakerName.objects.filter(condition).values_list("speaker_id", "name", "match_key")[
            :SQLITE_CANDIDATES
        ]
    )


def _ranked(
    query: str, *, scorer: Any, threshold: float, exclude: Iterable[int] = ()
) -> list[Match]:
    key = match_key(query)
    if not key:
        return []
    best: dict[int, tuple[float, str]] = {}
    skip = set(exclude)
    for speaker_id, name, candidate in _candidates(key):
        if speaker_id in skip:
            continue
        score = scorer(key, candidate)
        if score >= threshold and score > best.get(speaker_id, (0.0, ""))[0]:
            best[speaker_id] = (score, name)
    speakers = Speaker.objects.in_bulk(list(best))
    matches = [
        Match(speaker=speakers[pk], matched_name=name, score=score)
        for pk, (score, name) in best.items()
        if pk in speakers and speakers[pk].merged_into_id is None
    ]
    matches.sort(key=lambda m: (-m.score, m.speaker.name, m.speaker.pk))
    return matches


def search(*, query: str, limit: int = 25) -> list[Match]:
    """Speakers whose names resemble `query`, best first."""
    return _ranked(query, scorer=search_score, threshold=SHOWN)[:limit]


def likely_duplicates(*, name: str, exclude: Iterable[int] = (), limit: int = 5) -> list[Match]:
    """Existing speakers probably the same person as `name` ("did you mean")."""
    return _ranked(name, scorer=similarity, threshold=LIKELY, exclude=exclude)[:limit]


def recent_speakers(*, limit: int = 25) -> QuerySet[Speaker]:
    return Speaker.objects.filter(merged_into__isnull=True).order_by("-created_at", "-pk")[:limit]


# --- History ---------------------------------------------------------------------------


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass
class Summary:
    """One line about a speaker's past here, and the state of their checks."""

    appearances: int = 0
    spoke: int = 0
    with_conditions: int = 0
    condition_names: list[str] = field(default_factory=list)
    incidents: int = 0
    latest_recheck_after: date | None = None

    @property
    def has_current_check(self) -> bool:
        return self.latest_recheck_after is not None and (
            self.latest_recheck_after >= timezone.localdate()
        )

    @property
    def recheck_due(self) -> bool:
        return self.latest_recheck_after is not None and not self.has_current_check

    @property
    def line(self) -> str:
        if not self.spoke:
            first = "has not spoken here before"
        else:
            first = f"spoke here {_times(self.spoke)}"
        parts = [first]
        if self.with_conditions:
            common = max(set(self.condition_names), key=self.condition_names.count, default="")
            detail = f" (most often: {common.lower()})" if common else ""
            parts.append(f"{_times(self.with_conditions)} with conditions{detail}")
        parts.append(
            "no incidents"
            if not self.incidents
            else f"{self.incidents} incident{'s' if self.incidents != 1 else ''}"
        )
        return ", ".join(parts).capitalize()


def summaries_for(
    speaker_ids: Sequence[int], *, excluding_request: int | None = None
) -> dict[int, Summary]:
    """A summary per speaker in one query, whatever the number of speakers."""
    from podium.events.models import APPROVED_STATUSES

    ids = [pk for pk in set(speaker_ids) if pk]
    if not ids:
        return {}
    other = ~Q(appearances__request_id=excluding_request) if excluding_request else Q()
    spoke = other & Q(appearances__request__status__in=APPROVED_STATUSES)
    conditioned = spoke & Q(
        appearances__request__decisions__is_live=True,
        appearances__request__decisions__conditions__isnull=False,
    )
    rows = (
        Speaker.objects.filter(pk__in=ids)
        .annotate(
            n_appearances=Count("appearances__request", filter=other, distinct=True),
            n_spoke=Count("appearances__request", filter=spoke, distinct=True),
            n_conditions=Count("appearances__request", filter=conditioned, distinct=True),
            n_incidents=Count("appearances__request__incidents", filter=other, distinct=True),
            latest=Max("checks__recheck_after"),
        )
        .values_list("pk", "n_appearances", "n_spoke", "n_conditions", "n_incidents", "latest")
    )
    return {
        pk: Summary(
            appearances=appearances,
            spoke=spoke_count,
            with_conditions=conditions,
            incidents=incidents,
            latest_recheck_after=latest,
        )
        for pk, appearances, spoke_count, conditions, incidents, latest in rows
    }


@dataclass
class Appearance:
    request: Any
    role: str
    conditions: list[Any]
    report: Any
    incidents: int


@dataclass
class CheckView:
    check: SpeakerCheck
    sources: list[str]


@dataclass
class SpeakerView:
    speaker: Speaker
    names: list[SpeakerName]
    appearances: list[Appearance]
    checks: list[CheckView]
    merged_from: list[Speaker]
    summary: Summary
    is_reviewer: bool


def _checks_with_sources(speaker: Speaker) -> list[CheckView]:
    """The speaker's checks, newest first, each with its source names: one query (a
    row per check and source)."""
    views: dict[int, CheckView] = {}
    rows = (
        SpeakerCheck.objects.filter(speaker=speaker)
        .select_related("checked_by")
        .annotate(source_name=F("sources__name"))
        .order_by("-checked_on", "-pk", "sources__position", "sources__name")
    )
    for row in rows:
        view = views.setdefault(row.pk, CheckView(check=row, sources=[]))
        if row.source_name:
            view.sources.append(row.source_name)
    return list(views.values())


def speaker_view(*, speaker: Speaker, is_reviewer: bool) -> SpeakerView:
    """Everything the speaker page shows. Organisers get names, affiliations and
    links only: no history, no contact details, no checks."""
    from podium.events.models import APPROVED_STATUSES, Condition, EventSpeaker

    names = list(speaker.names.all())
    appearances: list[Appearance] = []
    checks: list[CheckView] = []
    merged_from: list[Speaker] = (
        speaker.merged_from_list
        if hasattr(speaker, "merged_from_list")
        else list(speaker.merged_from.select_related("merged_by").order_by("-merged_at"))
    )
    summary = Summary()
    if is_reviewer:
        links = list(
            EventSpeaker.objects.filter(speaker=speaker)
            .select_related("request", "request__post_event_report")
            .annotate(n_incidents=Count("request__incidents", distinct=True))
            .order_by("-request__starts_at", "-request__created_at", "-pk")
        )
        conditions: dict[int, list[Any]] = {}
        for request_id, condition in (
            (c.request_id, c)
            for c in Condition.objects.filter(
                decision__is_live=True,
                decision__request_id__in={link.request_id for link in links},
            )
            .annotate(request_id=F("decision__request_id"))
            .order_by("pk")
        ):
            conditions.setdefault(request_id, []).append(condition)
        seen: set[int] = set()
        for link in links:
            request = link.request
            appearances.append(
                Appearance(
                    request=request,
                    role=link.get_role_display(),
                    conditions=conditions.get(request.pk, []),
                    report=getattr(request, "post_event_report", None),
                    incidents=link.n_incidents,
                )
            )
            if request.pk in seen:
                continue
            seen.add(request.pk)
            summary.appearances += 1
            summary.incidents += link.n_incidents
            if request.status in APPROVED_STATUSES:
                summary.spoke += 1
                if conditions.get(request.pk):
                    summary.with_conditions += 1
                    summary.condition_names += [c.text for c in conditions[request.pk]]
        checks = _checks_with_sources(speaker)
        summary.latest_recheck_after = max((c.check.recheck_after for c in checks), default=None)
    return SpeakerView(
        speaker=speaker,
        names=names,
        appearances=appearances,
        checks=checks,
        merged_from=merged_from,
        summary=summary,
        is_reviewer=is_reviewer,
    )


# --- Re-checks ---------------------------------------------------------------------------


def due_rechecks(*, today: date | None = None, limit: int = 200) -> list[Any]:
    """Speakers whose latest check is past its re-check date, the longest overdue first."""
    day = today or timezone.localdate()
    return list(
        Speaker.objects.filter(merged_into__isnull=True)
        .annotate(recheck_after=Max("checks__recheck_after"))
        .filter(recheck_after__lt=day)
        .order_by("recheck_after", "pk")[:limit]
    )


# --- Requests ------------------------------------------------------------------------------


@dataclass
class RequestSpeaker:
    """A speaker on a request as reviewers see it."""

    link: Any
    summary: Summary | None
    acknowledgement: Acknowledgement | None


def request_speakers(request: EventRequest, speakers: Sequence[Any]) -> list[RequestSpeaker]:
    """Each of a request's speakers with their history summary and latest
    acknowledgement (a fixed number of queries)."""
    ids = [s.speaker_id for s in speakers if s.speaker_id]
    summaries = summaries_for(ids, excluding_request=request.pk)
    latest: dict[int, Acknowledgement] = {}
    for ack in (
        Acknowledgement.objects.filter(request=request)
        .select_related("code")
        .order_by("sent_at", "pk")
    ):
        latest[ack.speaker_id] = ack
    return [
        RequestSpeaker(
            link=s,
            summary=summaries.get(s.speaker_id) if s.speaker_id else None,
            acknowledgement=latest.get(s.speaker_id) if s.speaker_id else None,
        )
        for s in speakers
    ]


def acknowledgement_refusal(request: EventRequest) -> str:
    """Why `request` cannot be approved yet for want of acknowledgements (empty: it
    can). Applies only when the administrator requires acknowledgements."""
    current = SpeakersPolicy.objects.filter(pk=1).first()
    if current is None or not current.acknowledgement_required:
        return ""
    from podium.events.models import EventSpeaker

    linked = set(
        EventSpeaker.objects.filter(request=request, speaker__isnull=False).values_list(
            "speaker_id", flat=True
        )
    )
    unlinked = EventSpeaker.objects.filter(request=request, speaker__isnull=True).exists()
    accepted = set(
        Acknowledgement.objects.filter(
            request=request, status=AcknowledgementStatus.ACCEPTED, speaker_id__in=linked
        ).values_list("speaker_id", flat=True)
    )
    missing = linked - accepted
    if not missing and not unlinked:
        return ""
    names = sorted(Speaker.objects.filter(pk__in=missing).values_list("name", flat=True))
    if unlinked:
        names.append("speakers not yet linked to the register")
    return (
        "This request cannot be approved yet: every speaker must first accept the code of "
        "conduct for speakers. Waiting for: " + ", ".join(names) + "."
    )


def current_code() -> CodeOfConduct | None:
    return CodeOfConduct.objects.order_by("-version").first()


def all_sources() -> QuerySet[CheckSource]:
    return CheckSource.objects.all()


def active_sources() -> QuerySet[CheckSource]:
    return CheckSource.objects.filter(is_active=True)


def pending_acknowledgements() -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(status=AcknowledgementStatus.PENDING)
