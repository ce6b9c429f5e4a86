"""Writes for concerns. Each service is keyword-only, runs in one transaction,
raises `DomainError` with a message a person can read, and writes one audit
entry. Audit data never carries what someone typed (the concern, notes, reasons,
descriptions) nor who the subject is: only facts (dates, choices, ids, counts)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F as models_F
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from podium.accounts import selectors as accounts
from podium.accounts.models import User
from podium.accounts.roles import Capability, Role, roles_with
from podium.audit.services import changes, record
from podium.concerns.models import (
    BreakGlassGrant,
    Case,
    CaseNote,
    CaseView,
    ConcernSettings,
    FollowUpAction,
    Ideology,
    Indicator,
    ReportableEvent,
    SubjectIdentity,
    ViewedPart,
)
from podium.core.errors import DomainError
from podium.events import selectors as events_selectors
from podium.notify import services as notify

EARLIEST = date(2000, 1, 1)

CASE_FIELDS = [
    "ideology",
    "owner",
    "urgent",
    "lead_involved_on",
    "advice_sought_on",
    "advice_from",
    "referral_on",
    "referral_route",
    "other_path",
    "outcome",
    "closed_on",
    "review_on",
]
SETTINGS_FIELDS = [
    "guidance",
    "contacts",
    "jurisdiction",
    "suppression_threshold",
    "reporting_window_days",
    "break_glass_hours",
    "students_may_share",
]
SETTINGS_TEXT = ["guidance", "contacts"]
EVENT_FIELDS = [
    "occurred_on",
    "category",
    "description",
    "case",
    "event_request",
    "follow_up",
    "regulator",
    "reported_on",
    "regulator_reference",
]
EVENT_TEXT = ["description", "follow_up", "regulator_reference"]
IDENTITY_FIELDS = ["full_name", "number", "contact"]


def case_roles() -> list[User]:
    return list(accounts.people_holding(roles=roles_with(Capability.HANDLE_CONCERNS)))


def prevent_leads() -> list[User]:
    return list(accounts.people_holding(roles=[Role.PREVENT_LEAD]))


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


def _values(instance: Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in names}


def _check_date(problems: list[tuple[str | None, str]], field: str, value: date | None) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        problems.append((field, "Enter a date that is not in the future."))
    elif value < EARLIEST:
        problems.append((field, f"Enter a date after {EARLIEST:%-d %B %Y}."))


# --- Sharing ------------------------------------------------------------------------


@transaction.atomic
def share_concern(
    *,
    acting_user: User,
    noticed: str,
    noticed_on: date,
    online_elements: str = "",
    indicators: Iterable[Indicator] = (),
    immediate_danger: bool,
) -> Case:
    """Anyone signed in shares what they noticed; the case roles are told at once.
    Immediate danger makes the case urgent (the page told them to call 999 first)."""
    problems: list[tuple[str | None, str]] = []
    if not noticed.strip():
        problems.append(("noticed", "Enter what you noticed."))
    _check_date(problems, "noticed_on", noticed_on)
    if problems:
        raise DomainError.of(problems)
    case = Case.objects.create(
        raised_by=acting_user,
        noticed=noticed.strip(),
        noticed_on=noticed_on,
        online_elements=online_elements.strip(),
        immediate_danger=immediate_danger,
        urgent=immediate_danger,
    )
    chosen = list(indicators)
    case.indicators.set(chosen)
    SubjectIdentity.objects.create(case=case)
    record(
        action="concerns.case.shared",
        actor=acting_user,
        target=case,
        data={"urgent": case.urgent, "indicators": sorted(i.pk for i in chosen)},
    )
    link = reverse("concerns:case-detail", args=[case.pk])
    notify.notify(
        case_roles(),
        "concerns/email/shared.txt",
        {"case": case},
        subject=f"{'URGENT: ' if case.urgent else ''}A Prevent concern was shared "
        f"({case.reference})",
        link=link,
        link_label="Open the case",
    )
    return case


# --- The case -----------------------------------------------------------------------


@transaction.atomic
def update_case(*, acting_user: User, case: Case, **values: Any) -> Case:
    """Record stages, paths, outcome, closure, review date, ideology and owner.
    The first change triages the case."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = _values(case, [*CASE_FIELDS, "triaged_on"])
    merged = {name: getattr(case, name) for name in CASE_FIELDS} | {
        k: v for k, v in values.items() if k in CASE_FIELDS
    }
    problems: list[tuple[str | None, str]] = []
    raised = timezone.localtime(case.raised_at).date()
    for field in ("lead_involved_on", "advice_sought_on", "referral_on", "closed_on"):
        value = merged[field]
        _check_date(problems, field, value)
        if value is not None and value < raised and not any(f == field for f, _ in problems):
            problems.append((field, "Enter a date on or after the day the concern was shared."))
    if merged["advice_sought_on"] and not merged["lead_involved_on"]:
        problems.append(
            ("advice_sought_on", "Record when the Prevent lead became involved before advice.")
        )
    if merged["advice_sought_on"] and not merged["advice_from"]:
        problems.append(("advice_from", "Choose whom the advice was sought from."))
    if merged["advice_from"] and not merged["advice_sought_on"]:
        problems.append(("advice_sought_on", "Enter when the advice was sought."))
    if merged["referral_on"] and not merged["lead_involved_on"]:
        problems.append(
            ("referral_on", "Record when the Prevent lead became involved before a referral.")
        )
    if merged["referral_on"] and not merged["referral_route"]:
        merged["referral_route"] = ConcernSettings.current().referral_route
    if merged["referral_route"] and not merged["referral_on"]:
        problems.append(("referral_on", "Enter the date of the formal referral."))
    if merged["closed_on"] and not merged["outcome"]:
        problems.append(("outcome", "Choose the outcome before closing the case."))
    review = merged["review_on"]
    if review is not None and not merged["closed_on"] and review < timezone.localdate():
        problems.append(("review_on", "Enter a review date that is today or later."))
    if problems:
        raise DomainError.of(problems)
    for name, value in merged.items():
        setattr(case, name, value)
    if case.triaged_on is None:
        case.triaged_on = timezone.localdate()
    if case.closed_on:
        case.review_on = None
    case.updated_at = timezone.now()
    case.save()
    changed = changes(before, _values(case, [*CASE_FIELDS, "triaged_on"]))
    if changed:
        record(
            action="concerns.case.changed",
            actor=acting_user,
            target=case,
            data={"changes": changed},
        )
    return case


@transaction.atomic
def add_note(*, acting_user: User, case: Case, text: str) -> CaseNote:
    if not text.strip():
        raise DomainError("Enter the note.", field="text")
    note = CaseNote.objects.create(case=case, author=acting_user, text=text.strip())
    record(action="concerns.note.added", actor=acting_user, target=case, data={"note_id": note.pk})
    return note


@transaction.atomic
def save_identity(
    *, acting_user: User, case: Case, full_name: str, number: str, contact: str
) -> SubjectIdentity:
    identity, _ = SubjectIdentity.objects.select_for_update().get_or_create(case=case)
    before = _values(identity, IDENTITY_FIELDS)
    identity.full_name, identity.number, identity.contact = (
        full_name.strip(),
        number.strip(),
        contact.strip(),
    )
    identity.save()
    changed = changes(before, _values(identity, IDENTITY_FIELDS), text_fields=IDENTITY_FIELDS)
    if changed:
        # Which fields changed, never their values.
        record(
            action="concerns.identity.changed",
            actor=acting_user,
            target=case,
            data={"fields": sorted(changed)},
        )
    return identity


@transaction.atomic
def log_view(
    *, viewer: User, case: Case, part: str, grant: BreakGlassGrant | None = None
) -> CaseView:
    """Every view of a case (who, when, what part). Opening the identity is also
    an audit entry, without the identity."""
    view = CaseView.objects.create(case=case, viewer=viewer, part=part, grant=grant)
    if part == ViewedPart.IDENTITY:
        record(
            action="concerns.identity.opened",
            actor=viewer,
            target=case,
            data={"break_glass": grant is not None},
        )
    return view


# --- Break-glass --------------------------------------------------------------------


@transaction.atomic
def break_glass(*, acting_user: User, reference: str, reason: str) -> BreakGlassGrant:
    """Time-limited access to one case, for a person outside the case roles who must
    see it; the Prevent leads are told at once, and the case shows who and why."""
    problems: list[tuple[str | None, str]] = []
    case = Case.objects.filter(reference=reference.strip().upper()).first()
    if case is None:
        problems.append(("reference", "Enter the reference of a case, such as PC-1A2B3C4D."))
    if not reason.strip():
        problems.append(("reason", "Say why you must see this case."))
    if problems:
        raise DomainError.of(problems)
    assert case is not None
    hours = ConcernSettings.current().break_glass_hours or 1
    grant = BreakGlassGrant.objects.create(
        case=case,
        user=acting_user,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    record(
        action="concerns.break_glass.granted",
        actor=acting_user,
        target=case,
        data={"grant_id": grant.pk, "hours": hours},
    )
    notify.notify(
        prevent_leads(),
        "concerns/email/break_glass.txt",
        {"grant": grant, "case": case},
        subject=f"Break-glass access to case {case.reference}",
        link=reverse("concerns:case-detail", args=[case.pk]),
        link_label="Open the case",
    )
    return grant


# --- Settings -----------------------------------------------------------------------


def _sync_names(model: type[Ideology] | type[Indicator], lines: str) -> dict[str, int]:
    names = list(dict.fromkeys(line.strip() for line in lines.splitlines() if line.strip()))
    existing = {item.name: item for item in model.objects.all()}
    added = 0
    for position, name in enumerate(names):
        item = existing.get(name)
        if item is None:
            kwargs: dict[str, Any] = {"name": name}
            if model is Ideology:
                kwargs["order"] = position
            model.objects.create(**kwargs)
            added += 1
        else:
            item.is_active = True
            if isinstance(item, Ideology):
                item.order = position
            item.save()
    retired = model.objects.exclude(name__in=names).filter(is_active=True).update(is_active=False)
    return {"added": added, "retired": retired}


@transaction.atomic
def save_settings(
    *, acting_user: User, ideologies: str, indicators: str, **values: Any
) -> ConcernSettings:
    problems: list[tuple[str | None, str]] = []
    if not any(line.strip() for line in ideologies.splitlines()):
        problems.append(("ideologies", "Enter at least one ideology category."))
    if not any(line.strip() for line in indicators.splitlines()):
        problems.append(("indicators", "Enter at least one indicator."))
    if any(len(line.strip()) > 100 for line in ideologies.splitlines()):
        problems.append(("ideologies", "Keep each category to 100 characters or fewer."))
    if any(len(line.strip()) > 150 for line in indicators.splitlines()):
        problems.append(("indicators", "Keep each indicator to 150 characters or fewer."))
    if not values.get("break_glass_hours"):
        problems.append(("break_glass_hours", "Enter at least 1 hour."))
    if problems:
        raise DomainError.of(problems)
    current = ConcernSettings.current()
    before = _values(current, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    current.save()
    ideology_counts = _sync_names(Ideology, ideologies)
    indicator_counts = _sync_names(Indicator, indicators)
    record(
        action="concerns.settings.changed",
        actor=acting_user,
        target=current,
        data={
            "changes": changes(
                before, _values(current, SETTINGS_FIELDS), text_fields=SETTINGS_TEXT
            ),
            "ideologies": ideology_counts,
            "indicators": indicator_counts,
        },
    )
    return current


# --- Reportable events --------------------------------------------------------------


def _check_event(values: dict[str, Any]) -> None:
    problems: list[tuple[str | None, str]] = []
    if "event_reference" in values:
        # The form names the request by its reference; an empty one unlinks it.
        reference = str(values.pop("event_reference") or "").strip()
        values["event_request"] = None
        if reference:
            values["event_request"] = events_selectors.submitted_request_by_reference(reference)
            if values["event_request"] is None:
                problems.append(
                    ("event_reference", "No submitted event request has this reference.")
                )
    _check_date(problems, "occurred_on", values.get("occurred_on"))
    _check_date(problems, "reported_on", values.get("reported_on"))
    if not str(values.get("description", "")).strip():
        problems.append(("description", "Describe the event."))
    reported = values.get("reported_on")
    occurred = values.get("occurred_on")
    if reported and occurred and reported < occurred:
        problems.append(("reported_on", "Enter a date on or after the event."))
    if reported and not values.get("regulator"):
        problems.append(("regulator", "Choose the regulator it was reported to."))
    if reported and not str(values.get("regulator_reference", "")).strip():
        problems.append(("regulator_reference", "Enter the regulator's reference."))
    if (values.get("regulator_reference") or values.get("regulator")) and not reported:
        problems.append(("reported_on", "Enter when it was reported."))
    if problems:
        raise DomainError.of(problems)


@transaction.atomic
def save_event(
    *, acting_user: User, event: ReportableEvent | None, **values: Any
) -> ReportableEvent:
    _check_event(values)
    created = event is None
    if event is None:
        event = ReportableEvent(recorded_by=acting_user)
        before: dict[str, Any] = {}
    else:
        event = ReportableEvent.objects.select_for_update().get(pk=event.pk)
        before = _values(event, EVENT_FIELDS)
    for name in EVENT_FIELDS:
        if name in values:
            value = values[name]
            setattr(event, name, value.strip() if isinstance(value, str) else value)
    event.save()
    changed = changes(before, _values(event, EVENT_FIELDS), text_fields=EVENT_TEXT)
    if created or changed:
        record(
            action="concerns.event.recorded" if created else "concerns.event.changed",
            actor=acting_user,
            target=event,
            data={"changes": changed},
        )
    return event


# --- Reminders (daily jobs) ---------------------------------------------------------


def send_review_reminders() -> int:
    """Each open case whose review date has come reminds its owner (or, with no
    owner, the case roles), once per review date."""
    today = timezone.localdate()
    due = list(
        Case.objects.filter(closed_on__isnull=True, review_on__lte=today)
        .exclude(review_reminded_for=models_F("review_on"))
        .select_related("owner")
        .order_by("pk")
    )
    if not due:
        return 0
    everyone = case_roles()
    with transaction.atomic():
        for case in due:
            notify.notify(
                [case.owner] if case.owner and case.owner.is_active else everyone,
                "concerns/email/review.txt",
                {"case": case},
                subject=f"Case {case.reference} is due for review",
                link=reverse("concerns:case-detail", args=[case.pk]),
                link_label="Open the case",
            )
        Case.objects.filter(pk__in=[c.pk for c in due]).update(
            review_reminded_for=models_F("review_on")
        )
        record(action="concerns.reviews.reminded", actor=None, data={"cases": len(due)})
    return len(due)


def send_event_reminders() -> int:
    """Unreported events past the window remind the Prevent leads, once each."""
    window = ConcernSettings.current().reporting_window_days
    cutoff = timezone.localdate() - timedelta(days=window)
    due = list(
        ReportableEvent.objects.filter(
            reported_on__isnull=True, occurred_on__lte=cutoff, reminded_at__isnull=True
        ).order_by("pk")
    )
    if not due:
        return 0
    with transaction.atomic():
        notify.notify(
            prevent_leads(),
            "concerns/email/event_reminder.txt",
            {"events": due, "window": window},
            subject=f"{len(due)} reportable event(s) not yet reported to the regulator",
            link=reverse("concerns:event-list"),
            link_label="Open the register",
        )
        ReportableEvent.objects.filter(pk__in=[e.pk for e in due]).update(
            reminded_at=timezone.now()
        )
        record(action="concerns.events.reminded", actor=None, data={"events": len(due)})
    return len(due)


# --- Follow-up actions on reportable events -----------------------------------------


@transaction.atomic
def add_follow_up(
    *, acting_user: User, event: ReportableEvent, action: str, owner: User, due_on: date
) -> FollowUpAction:
    """An action on a reportable event, owned by a person, due by a date."""
    problems: list[tuple[str | None, str]] = []
    if not action.strip():
        problems.append(("action", "Enter the action."))
    if not owner.is_active:
        problems.append(("owner", "Choose a person who can still sign in."))
    if due_on < EARLIEST:
        problems.append(("due_on", f"Enter a date after {EARLIEST:%-d %B %Y}."))
    if problems:
        raise DomainError.of(problems)
    follow_up = FollowUpAction.objects.create(
        event=event, action=action.strip(), owner=owner, due_on=due_on, created_by=acting_user
    )
    # The action's text is not in the audit data: only who owns it and when it is due.
    record(
        action="concerns.action.added",
        actor=acting_user,
        target=event,
        data={"action_id": follow_up.pk, "owner_id": owner.pk, "due_on": due_on.isoformat()},
    )
    return follow_up


@transaction.atomic
def complete_follow_up(*, acting_user: User, follow_up: FollowUpAction) -> FollowUpAction:
    """Mark an action done today."""
    follow_up = FollowUpAction.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_on is not None:
        raise DomainError(f"This action was already done on {follow_up.done_on:%-d %B %Y}.")
    follow_up.done_on = timezone.localdate()
    follow_up.save(update_fields=["done_on"])
    record(
        action="concerns.action.done",
        actor=acting_user,
        target=follow_up.event,
        data={"action_id": follow_up.pk, "done_on": follow_up.done_on.isoformat()},
    )
    return follow_up


def send_action_reminders() -> int:
    """Each overdue open action reminds its owner, once per due date."""
    today = timezone.localdate()
    due = list(
        FollowUpAction.objects.filter(done_on__isnull=True, due_on__lt=today)
        .exclude(reminded_for=models_F("due_on"))
        .select_related("owner")
        .order_by("pk")
    )
    if not due:
        return 0
    with transaction.atomic():
        for follow_up in due:
            if not follow_up.owner.is_active:
                continue
            notify.notify(
                [follow_up.owner],
                "concerns/email/action_reminder.txt",
                {"follow_up": follow_up},
                subject="A follow-up action on a reportable event is overdue",
                link=reverse("concerns:event-edit", args=[follow_up.event_id]),
                link_label="Open the event",
            )
        FollowUpAction.objects.filter(pk__in=[a.pk for a in due]).update(
            reminded_for=models_F("due_on")
        )
        record(action="concerns.actions.reminded", actor=None, data={"actions": len(due)})
    return len(due)
