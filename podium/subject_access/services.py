"""Writes for subject access requests: one audit entry per change, refusals as
`DomainError`s naming the field. Audit data carries facts only (no names, no
search terms, no reasons in words)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Capability
from podium.accounts.selectors import holders_of
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.core.subject_export import PERSON_FINDERS, SearchTerms, mapping_for
from podium.notify.services import notify
from podium.speakers.matching import match_key, similarity
from podium.subject_access import clock, exporting
from podium.subject_access.models import (
    Candidate,
    Exemption,
    IdentityMethod,
    Status,
    StopReason,
    SubjectAccessRequest,
    Withholding,
)

EXTENSION_MONTHS = 2
MIN_REASON_WORDS = 4


def _today() -> date:
    return timezone.localdate()


def _recompute(sar: SubjectAccessRequest) -> None:
    sar.due_on = clock.due_date(
        received_on=sar.received_on,
        extension_months=sar.extension_months,
        days_stopped=sar.days_stopped,
        stopped_on=None,
        today=_today(),
    )


def _locked(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)


def _save(sar: SubjectAccessRequest) -> None:
    sar.version += 1
    sar.save()


def _require_open(sar: SubjectAccessRequest) -> None:
    if sar.status == Status.RELEASED:
        raise DomainError(
            f"{sar.reference} was released on {sar.released_at:%d %B %Y}: it can no longer change."
        )


def _reason(text: str, what: str, field: str = "reason") -> str:
    text = text.strip()
    if len(text.split()) < MIN_REASON_WORDS:
        raise DomainError(
            f"Give the reason for {what} in at least {MIN_REASON_WORDS} words.", field=field
        )
    return text


def _back_to_work(sar: SubjectAccessRequest) -> None:
    """A change after review needs a new review."""
    if sar.status == Status.REVIEWED:
        sar.status = Status.IN_PROGRESS
        sar.reviewed_by = None
        sar.reviewed_at = None


def name_score(query: str, candidate: str) -> float:
    """The speaker register's matcher, for the finders of every app."""
    return similarity(match_key(query), match_key(candidate))


# --- The log --------------------------------------------------------------------


def log_request(
    *,
    acting_user: Any,
    requester_name: str,
    requester_email: str = "",
    staff_number: str = "",
    details: str = "",
    received_on: date,
) -> SubjectAccessRequest:
    problems: list[tuple[str | None, str]] = []
    if not requester_name.strip():
        problems.append(("requester_name", "Enter the requester's name."))
    if received_on > _today():
        problems.append(("received_on", "The date received cannot be in the future."))
    if problems:
        raise DomainError.of(problems)
    with transaction.atomic():
        sar = SubjectAccessRequest(
            requester_name=requester_name.strip(),
            requester_email=requester_email.strip().lower(),
            staff_number=staff_number.strip(),
            details=details.strip(),
            received_on=received_on,
            due_on=received_on,
            logged_by=acting_user,
        )
        _recompute(sar)
        sar.save()
        record(
            action="subject_access.request.logged",
            actor=acting_user,
            target=sar,
            data={"received_on": received_on.isoformat(), "due_on": sar.due_on.isoformat()},
        )
    return sar


def check_identity(
    *, acting_user: Any, sar: SubjectAccessRequest, method: str
) -> SubjectAccessRequest:
    if method not in IdentityMethod.values:
        raise DomainError("Choose how the requester's identity was checked.", field="method")
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.identity_checked_on is not None:
            raise DomainError("The requester's identity is already checked.", field="method")
        sar.identity_method = method
        sar.identity_checked_by = acting_user
        sar.identity_checked_on = _today()
        if sar.clock_stopped_on is not None and sar.stop_reason == StopReason.IDENTITY:
            _restart(sar)
        if sar.clock_stopped_on is None:
            sar.status = Status.IN_PROGRESS
        _save(sar)
        record(
            action="subject_access.identity.checked",
            actor=acting_user,
            target=sar,
            data={"method": method},
        )
    return sar


def stop_clock(
    *, acting_user: Any, sar: SubjectAccessRequest, stop_reason: str
) -> SubjectAccessRequest:
    if stop_reason not in StopReason.values:
        raise DomainError("Choose what you are waiting for.", field="stop_reason")
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.clock_stopped_on is not None:
            raise DomainError(
                f"The clock is already stopped (since {sar.clock_stopped_on:%d %B %Y}).",
                field="stop_reason",
            )
        if stop_reason == StopReason.IDENTITY and sar.identity_checked_on is not None:
            raise DomainError("The requester's identity is already checked.", field="stop_reason")
        _back_to_work(sar)
        sar.clock_stopped_on = _today()
        sar.stop_reason = stop_reason
        sar.status = Status.WAITING
        _save(sar)
        record(
            action="subject_access.clock.stopped",
            actor=acting_user,
            target=sar,
            data={"stop_reason": stop_reason, "due_on": sar.due_on.isoformat()},
        )
    return sar


def _restart(sar: SubjectAccessRequest) -> int:
    assert sar.clock_stopped_on is not None
    days = (_today() - sar.clock_stopped_on).days
    sar.days_stopped += days
    sar.clock_stopped_on = None
    sar.stop_reason = ""
    sar.status = Status.IN_PROGRESS if sar.identity_checked_on else Status.RECEIVED
    _recompute(sar)
    return days


def restart_clock(*, acting_user: Any, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.clock_stopped_on is None:
            raise DomainError("The clock is running.")
        days = _restart(sar)
        _save(sar)
        record(
            action="subject_access.clock.restarted",
            actor=acting_user,
            target=sar,
            data={"days_stopped": days, "due_on": sar.due_on.isoformat()},
        )
    return sar


def extend(*, acting_user: Any, sar: SubjectAccessRequest, reason: str) -> SubjectAccessRequest:
    reason = _reason(reason, "extending the time to answer")
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.extension_months:
            raise DomainError(
                "The request is already extended by two months, the most the law allows.",
                field="reason",
            )
        sar.extension_months = EXTENSION_MONTHS
        sar.extension_reason = reason
        _recompute(sar)
        _save(sar)
        record(
            action="subject_access.request.extended",
            actor=acting_user,
            target=sar,
            data={"months": EXTENSION_MONTHS, "due_on": sar.due_on.isoformat()},
        )
    return sar


# --- Finding the person -----------------------------------------------------------


def search_terms(sar: SubjectAccessRequest) -> SearchTerms:
    return SearchTerms(
        name=sar.requester_name, email=sar.requester_email, staff_number=sar.staff_number
    )


def run_search(*, acting_user: Any, sar: SubjectAccessRequest) -> int:
    """Ask every app's finder for the requester; keep new hits as candidates for the
    DPO to decide. Returns how many were new."""
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.identity_checked_on is None:
            raise DomainError("Check the requester's identity before searching for their data.")
        terms = search_terms(sar)
        hits = [hit for finder in PERSON_FINDERS for hit in finder.find(terms, name_score)]
        known = set(sar.candidates.values_list("kind", "record_id"))
        new = [
            Candidate(
                request=sar,
                kind=hit.kind,
                record_id=hit.pk,
                label=hit.label[:300],
                matched_on=hit.matched_on[:200],
                score=hit.score,
            )
            for hit in hits
            if (hit.kind, hit.pk) not in known
        ]
        Candidate.objects.bulk_create(new)
        record(
            action="subject_access.search.run",
            actor=acting_user,
            target=sar,
            data={"hits": len(hits), "new": len(new)},
        )
    return len(new)


def decide_candidate(
    *, acting_user: Any, sar: SubjectAccessRequest, candidate_id: int, confirmed: bool
) -> Candidate:
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        candidate = sar.candidates.filter(pk=candidate_id).first()
        if candidate is None:
            raise DomainError("That search result is not on this request.")
        candidate.confirmed = confirmed
        candidate.decided_by = acting_user
        candidate.decided_at = timezone.now()
        candidate.save()
        _back_to_work(sar)
        _save(sar)
        record(
            action="subject_access.candidate.decided",
            actor=acting_user,
            target=sar,
            data={"kind": candidate.kind, "confirmed": confirmed},
        )
    return candidate


# --- The export -------------------------------------------------------------------


def withhold(
    *,
    acting_user: Any,
    sar: SubjectAccessRequest,
    record_type: str,
    record_id: int,
    field_name: str,
    exemption: str,
    reason: str,
) -> Withholding:
    """Redact one field of one exported record, or (no field) withhold the whole
    record, under `exemption`, with the reason the export will show."""
    problems: list[tuple[str | None, str]] = []
    if exemption not in Exemption.values:
        problems.append(("exemption", "Choose the exemption that applies."))
    try:
        reason = _reason(reason, "withholding it")
    except DomainError as error:
        problems.extend(error.problems)
    mapping = mapping_for(record_type)
    if mapping is None:
        problems.append(("record_type", "That is not a record type in the export."))
    elif field_name and field_name not in exporting.export_fields(mapping):
        problems.append(("field_name", "That field is not in the export."))
    if problems:
        raise DomainError.of(problems)
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        export = exporting.build(sar)
        in_export = any(
            section.label == record_type and any(row.record_id == record_id for row in section.rows)
            for section in export.sections
        )
        if not in_export:
            raise DomainError("That record is not in this request's export.", field="record_type")
        if sar.withholdings.filter(
            record_type=record_type, record_id=record_id, field_name=field_name
        ).exists():
            raise DomainError("That is already withheld.", field="field_name")
        item = Withholding.objects.create(
            request=sar,
            record_type=record_type,
            record_id=record_id,
            field_name=field_name,
            exemption=exemption,
            reason=reason,
            created_by=acting_user,
        )
        _back_to_work(sar)
        _save(sar)
        record(
            action="subject_access.record.withheld",
            actor=acting_user,
            target=sar,
            data={"record_type": record_type, "field": field_name, "exemption": exemption},
        )
    return item


def remove_withholding(*, acting_user: Any, sar: SubjectAccessRequest, withholding_id: int) -> None:
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        item = sar.withholdings.filter(pk=withholding_id).first()
        if item is None:
            raise DomainError("That is not withheld on this request.")
        data = {
            "record_type": item.record_type,
            "field": item.field_name,
            "exemption": item.exemption,
        }
        item.delete()
        _back_to_work(sar)
        _save(sar)
        record(
            action="subject_access.withholding.removed", actor=acting_user, target=sar, data=data
        )


def mark_reviewed(*, acting_user: Any, sar: SubjectAccessRequest) -> exporting.Export:
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.status == Status.REVIEWED:
            raise DomainError("The export is already reviewed.")
        if sar.identity_checked_on is None:
            raise DomainError("Check the requester's identity first.")
        if sar.clock_stopped_on is not None:
            raise DomainError("The clock is stopped: restart it when the requester has answered.")
        if sar.candidates.filter(confirmed__isnull=True).exists():
            raise DomainError("Decide every search result first: is it the requester or not?")
        if not sar.candidates.filter(confirmed=True).exists():
            raise DomainError("Confirm at least one search result as the requester first.")
        export = exporting.build(sar)
        sar.status = Status.REVIEWED
        sar.reviewed_by = acting_user
        sar.reviewed_at = timezone.now()
        _save(sar)
        record(
            action="subject_access.request.reviewed",
            actor=acting_user,
            target=sar,
            data={"records": export.record_count, "withheld": len(export.withheld)},
        )
    return export


def release(*, acting_user: Any, sar: SubjectAccessRequest) -> exporting.Export:
    with transaction.atomic():
        sar = _locked(sar)
        _require_open(sar)
        if sar.status != Status.REVIEWED:
            raise DomainError("Review the export before releasing it.")
        export = exporting.build(sar)
        sar.status = Status.RELEASED
        sar.released_by = acting_user
        sar.released_at = timezone.now()
        _save(sar)
        record(
            action="subject_access.request.released",
            actor=acting_user,
            target=sar,
            data={
                "records": export.record_count,
                "withheld": len(export.withheld),
                "record_types": sorted(section.label for section in export.sections),
            },
        )
    return export


# --- Reminders --------------------------------------------------------------------

REMIND_DAYS = 7


def send_reminders() -> dict[str, int]:
    """Tell the DPOs once per request and due date when an open request with its
    clock running is due within REMIND_DAYS days (or overdue)."""
    today = _today()
    with transaction.atomic():
        due = list(
            SubjectAccessRequest.objects.select_for_update()
            .filter(
                status__in=[Status.RECEIVED, Status.IN_PROGRESS, Status.REVIEWED],
                clock_stopped_on__isnull=True,
                due_on__lte=today + timedelta(days=REMIND_DAYS),
            )
            .order_by("due_on", "pk")
        )
        due = [sar for sar in due if sar.reminded_for != sar.due_on]
        if not due:
            return {"requests": 0, "people": 0}
        people = list(holders_of(capability=Capability.MANAGE_SUBJECT_ACCESS))
        notify(
            people,
            "subject_access/email/reminder.txt",
            {"requests": due, "today": today},
            subject=f"Subject access requests due: {len(due)}",
            link=reverse("subject_access:list"),
            link_label="Subject access requests",
        )
        for sar in due:
            sar.reminded_for = sar.due_on
        SubjectAccessRequest.objects.bulk_update(due, ["reminded_for"])
        sent = {"requests": len(due), "people": len(people)}
        record(action="subject_access.reminders.sent", actor=None, data=sent)
    return sent
