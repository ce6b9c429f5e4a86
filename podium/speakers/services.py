"""Writes to the speaker register. Each service checks who may act and the record's
state inside one transaction, writes, and records one audit entry.

Nothing here decides that two names are one person: `merge_speakers` is only ever
called by a reviewer who chose to merge. What hangs off event requests (the speaker's
appearances, their code-of-conduct acknowledgements) is moved on a merge by the
callables in `extensions.on_merge`, which events fills in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from podium.audit.services import changes, record
from podium.core.errors import DomainError
from podium.speakers import access, extensions
from podium.speakers.matching import match_key
from podium.speakers.models import (
    CheckSource,
    CodeOfConduct,
    Speaker,
    SpeakerCheck,
    SpeakerName,
    SpeakersPolicy,
)

if TYPE_CHECKING:
    from podium.accounts.models import User

LAWFUL_VIEWS_REMINDER = (
    "Lawful views, however controversial, offensive or shocking, are not grounds for "
    "restricting a speaker. Record facts and where they come from, not opinions."
)


def policy() -> SpeakersPolicy:
    found, _ = SpeakersPolicy.objects.get_or_create(pk=1)
    return found


# --- Speakers ----------------------------------------------------------------------


@dataclass
class SpeakerFacts:
    """What a person says about a speaker: the pages and the API produce this.
    Fields left as None keep their current value."""

    name: str | None = None
    other_names: list[str] | None = None
    affiliations: str | None = None
    links: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


EDITED_FIELDS = ["name", "affiliations", "links", "email", "phone", "notes"]
# Restricted values: the audit entry says they changed, never what to.
RESTRICTED_FIELDS = {"email", "phone", "notes"}


def _clean_names(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for name in names:
        cleaned = " ".join(name.split())[:200]
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return result


def _set_names(speaker: Speaker, primary: str, others: Sequence[str]) -> None:
    others = [n for n in _clean_names(others) if n.casefold() != primary.casefold()]
    speaker.names.all().delete()
    SpeakerName.objects.bulk_create(
        [SpeakerName(speaker=speaker, name=primary, match_key=match_key(primary), is_primary=True)]
        + [SpeakerName(speaker=speaker, name=n, match_key=match_key(n)) for n in others]
    )


def _audit_values(speaker: Speaker, other_names: Sequence[str]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: ("(set)" if getattr(speaker, name) else "")
        if name in RESTRICTED_FIELDS
        else getattr(speaker, name)
        for name in EDITED_FIELDS
    }
    values["other_names"] = list(other_names)
    return values


def _other_names(speaker: Speaker) -> list[str]:
    return [n.name for n in speaker.names.all() if not n.is_primary]


def create_speaker(*, acting_user: User, facts: SpeakerFacts) -> Speaker:
    """Add a speaker to the register. Organisers and reviewers may; the caller has
    already shown the likely matches (`selectors.likely_duplicates`)."""
    access.require_register(acting_user)
    name = " ".join((facts.name or "").split())
    if not name:
        raise DomainError("Enter the speaker's name.", field="name")
    with transaction.atomic():
        speaker = Speaker.objects.create(
            name=name[:200],
            affiliations=(facts.affiliations or "").strip(),
            links=(facts.links or "").strip(),
            email=(facts.email or "").strip(),
            phone=(facts.phone or "").strip(),
            notes=(facts.notes or "").strip(),
            created_by=acting_user,
        )
        _set_names(speaker, speaker.name, facts.other_names or [])
        record(
            action="speakers.speaker.created",
            actor=acting_user,
            target=speaker,
            # Nested, so the restricted fields ("(set)" or "") are not data keys of
            # their own: no audit code declares a free-text key (podium/audit/codes.py).
            data={"values": _audit_values(speaker, _other_names(speaker))},
        )
    return speaker


def update_speaker(*, acting_user: User, speaker: Speaker, facts: SpeakerFacts) -> Speaker:
    """Correct a register entry (reviewers who may see its restricted fields)."""
    access.require_restricted(acting_user, speaker)
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        if speaker.merged_into_id:
            raise DomainError("This record was merged into another; change that one instead.")
        others_before = _other_names(speaker)
        before = _audit_values(speaker, others_before)
        for name in EDITED_FIELDS:
            value = getattr(facts, name)
            if value is not None:
                setattr(speaker, name, " ".join(value.split()) if name == "name" else value.strip())
        if not speaker.name:
            raise DomainError("Enter the speaker's name.", field="name")
        speaker.updated_at = timezone.now()
        speaker.save(update_fields=[*EDITED_FIELDS, "updated_at"])
        others = facts.other_names if facts.other_names is not None else others_before
        _set_names(speaker, speaker.name, others)
        after = _audit_values(speaker, _other_names(speaker))
        record(
            action="speakers.speaker.updated",
            actor=acting_user,
            target=speaker,
            data={"changes": changes(before, after)},
        )
    return speaker


def _merge_lines(first: str, second: str) -> str:
    lines = [line.strip() for line in (first + "\n" + second).splitlines() if line.strip()]
    return "\n".join(dict.fromkeys(lines))


def merge_speakers(
    *, acting_user: User, survivor: Speaker, merged: Speaker, reason: str
) -> Speaker:
    """Merge `merged` into `survivor` (reviewers only, never automatically). Every
    check and name moves to the survivor, and what apps above the register keep
    about the speaker (event links, acknowledgements: `extensions.on_merge`); the merged
    record's names become other names; the merged record stays, pointing at the
    survivor, so the merge can be seen and explained. The reviewer must be one who
    may see both records' restricted fields (`access.may_see_restricted`)."""
    access.require_restricted(acting_user, survivor)
    access.require_restricted(acting_user, merged)
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why these records are the same person.", field="reason")
    if survivor.pk == merged.pk:
        raise DomainError("Choose a different record to merge.", field="other")
    with transaction.atomic():
        locked = {
            s.pk: s
            for s in Speaker.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
        }
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        if survivor.merged_into_id or merged.merged_into_id:
            raise DomainError("One of these records has already been merged into another.")
        moved: dict[str, int] = {}
        for move in extensions.on_merge:
            moved.update(move(merged, survivor))
        moved["checks"] = SpeakerCheck.objects.filter(speaker=merged).update(speaker=survivor)
        known = {n.casefold() for n in survivor.names.values_list("name", flat=True)}
        names = list(merged.names.all())
        moved["names"] = len(names)
        for name in names:
            if name.name.casefold() in known:
                name.delete()
            else:
                name.speaker, name.is_primary = survivor, False
                name.save(update_fields=["speaker", "is_primary"])
        survivor.affiliations = _merge_lines(survivor.affiliations, merged.affiliations)
        survivor.links = _merge_lines(survivor.links, merged.links)
        survivor.notes = _merge_lines(survivor.notes, merged.notes)
        survivor.email = survivor.email or merged.email
        survivor.phone = survivor.phone or merged.phone
        survivor.updated_at = timezone.now()
        survivor.save(
            update_fields=["affiliations", "links", "notes", "email", "phone", "updated_at"]
        )
        merged.merged_into = survivor
        merged.merged_by = acting_user
        merged.merged_at = timezone.now()
        merged.merge_reason = reason
        merged.save(update_fields=["merged_into", "merged_by", "merged_at", "merge_reason"])
        record(
            action="speakers.speaker.merged",
            actor=acting_user,
            target=survivor,
            data={
                "merged": {"id": merged.pk, "name": merged.name},
                "moved": moved,
            },
        )
    return survivor


# --- Checks ------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` moved on by whole months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def default_recheck_after(checked_on: date) -> date:
    return add_months(checked_on, policy().recheck_months)


def record_check(
    *,
    acting_user: User,
    speaker: Speaker,
    sources: Sequence[CheckSource],
    checked_on: date,
    findings: str,
    references: str = "",
    recheck_after: date | None = None,
) -> SpeakerCheck:
    """Record a due-diligence check (reviewers only). The findings are never written
    to the audit log: the log is read by people who may not see them."""
    access.require_restricted(acting_user, speaker)
    findings = findings.strip()
    if not sources:
        raise DomainError("Choose at least one source you checked.", field="sources")
    if not findings:
        raise DomainError("Summarise what you found, even if it was nothing.", field="findings")
    if checked_on > timezone.localdate():
        raise DomainError("The date checked cannot be in the future.", field="checked_on")
    recheck = recheck_after or default_recheck_after(checked_on)
    if recheck <= checked_on:
        raise DomainError("The re-check date must be after the check.", field="recheck_after")
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        if speaker.merged_into_id:
            raise DomainError("This record was merged into another; record the check there.")
        check = SpeakerCheck.objects.create(
            speaker=speaker,
            checked_by=acting_user,
            checked_on=checked_on,
            findings=findings,
            references=references.strip(),
            recheck_after=recheck,
        )
        check.sources.set(sources)
        record(
            action="speakers.check.recorded",
            actor=acting_user,
            target=speaker,
            data={
                "check": check.pk,
                "sources": sorted(s.name for s in sources),
                "checked_on": checked_on.isoformat(),
                "recheck_after": recheck.isoformat(),
            },
        )
    return check


# --- Linking event requests to the register -------------------------------------------


class Referenced(Protocol):
    """What the register needs of the request a speaker is registered from."""

    @property
    def reference(self) -> str: ...


def register_for_request(
    *, acting_user: User, request: Referenced, name: str, affiliation: str
) -> Speaker:
    """A new register entry for a speaker typed on a request the person has chosen
    not to link to an existing one. Called by `podium.events.services` (pages and
    API alike) inside the request's transaction."""
    speaker = Speaker.objects.create(
        name=" ".join(name.split())[:200],
        affiliations=affiliation.strip(),
        created_by=acting_user,
    )
    _set_names(speaker, speaker.name, [])
    record(
        action="speakers.speaker.created",
        actor=acting_user,
        target=speaker,
        data={"from_request": request.reference, "name": speaker.name},
    )
    return speaker


def linkable(speaker_id: int) -> Speaker:
    """The register entry a request may link to: a merged-away record's survivor."""
    try:
        speaker = Speaker.objects.get(pk=speaker_id)
    except Speaker.DoesNotExist:
        raise DomainError("That speaker is not in the register.", field="speakers") from None
    seen = {speaker.pk}
    while speaker.merged_into_id is not None and speaker.merged_into_id not in seen:
        seen.add(speaker.merged_into_id)
        speaker = Speaker.objects.get(pk=speaker.merged_into_id)
    return speaker


# --- Administration ------------------------------------------------------------------


def update_policy(
    *,
    acting_user: User,
    recheck_months: int,
    acknowledgement_required: bool,
    acknowledgement_valid_days: int,
) -> SpeakersPolicy:
    access.require_configure(acting_user)
    if not 1 <= recheck_months <= 120:
        raise DomainError("Enter a number of months from 1 to 120.", field="recheck_months")
    if not 1 <= acknowledgement_valid_days <= 365:
        raise DomainError(
            "Enter a number of days from 1 to 365.", field="acknowledgement_valid_days"
        )
    with transaction.atomic():
        current = policy()
        names = ["recheck_months", "acknowledgement_required", "acknowledgement_valid_days"]
        before = {n: getattr(current, n) for n in names}
        current.recheck_months = recheck_months
        current.acknowledgement_required = acknowledgement_required
        current.acknowledgement_valid_days = acknowledgement_valid_days
        current.updated_at = timezone.now()
        current.save(update_fields=[*names, "updated_at"])
        record(
            action="speakers.policy.updated",
            actor=acting_user,
            target=current,
            data={"changes": changes(before, {n: getattr(current, n) for n in names})},
        )
    return current


def add_check_source(*, acting_user: User, name: str) -> CheckSource:
    access.require_configure(acting_user)
    name = " ".join(name.split())
    if not name:
        raise DomainError("Enter the source's name.", field="name")
    with transaction.atomic():
        if CheckSource.objects.filter(name__iexact=name).exists():
            raise DomainError("There is already a source with that name.", field="name")
        position = (CheckSource.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        source = CheckSource.objects.create(name=name, position=position)
        record(action="speakers.source.added", actor=acting_user, target=source)
    return source


def set_check_source_active(*, acting_user: User, source: CheckSource, active: bool) -> CheckSource:
    access.require_configure(acting_user)
    with transaction.atomic():
        source.is_active = active
        source.save(update_fields=["is_active"])
        record(
            action="speakers.source.retired" if not active else "speakers.source.restored",
            actor=acting_user,
            target=source,
        )
    return source


def publish_code_of_conduct(*, acting_user: User, text: str) -> CodeOfConduct:
    """A new version of the code of conduct; earlier versions are kept unchanged,
    because speakers accepted them."""
    access.require_configure(acting_user)
    text = text.strip()
    if not text:
        raise DomainError("Enter the text of the code of conduct.", field="text")
    with transaction.atomic():
        latest = CodeOfConduct.objects.select_for_update().order_by("-version").first()
        version = (latest.version + 1) if latest else 1
        code = CodeOfConduct.objects.create(version=version, text=text, created_by=acting_user)
        record(
            action="speakers.code_of_conduct.published",
            actor=acting_user,
            target=code,
            data={"version": version},
        )
    return code
