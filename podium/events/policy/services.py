"""Writes for the events policy: the rules an administrator edits and new requests
follow (notice, closure days, event types, campuses, the risk matrix, screening
questions, routing and mitigations).

Each service is keyword-only, runs in one transaction, refuses a stale edit
(`expected_version` from the edit form), raises `DomainError` with a message the
administrator can read, and writes exactly one audit entry
(`events.policy.<thing>.<created|changed|deleted>`). Saving an edit that changes
nothing writes no entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Capability, Role, roles_with
from podium.audit.services import changes, record
from podium.core.errors import DomainError
from podium.core.versioning import STALE_MESSAGE, StaleEdit, check_version, version_of
from podium.events.models import (
    MATRIX_SCALE,
    Attendance,
    Campus,
    ClosureDay,
    EventRequest,
    EventsPolicy,
    EventType,
    Mitigation,
    NoticePeriod,
    RiskLevel,
    RiskMatrixCell,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
    StepKind,
)

M = TypeVar("M", bound=models.Model)

# The fields each edit form changes: their hash is the version a stale edit is checked against.
POLICY_FIELDS = ["nation", "appeal_window_days", "reminder_days_before_due"]
CLOSURE_DAY_FIELDS = ["date", "description"]
EVENT_TYPE_FIELDS = ["name", "description", "is_active", "requires_briefing"]
NOTICE_PERIOD_FIELDS = ["event_type_id", "unit_id", "working_days"]
CAMPUS_FIELDS = ["name", "is_active"]
RISK_LEVEL_FIELDS = ["name", "rank", "description", "requires_briefing"]
QUESTION_FIELDS = [
    "text",
    "help_text",
    "likelihood_points",
    "impact_points",
    "yes_means_attendance",
    "order",
    "is_active",
]
ROUTING_RULE_FIELDS = ["name", "unit_id", "risk_level_id", "order", "is_active"]
MITIGATION_FIELDS = ["name", "description", "prevent_related", "default_owner", "is_active"]

MAX_POINTS = 3  # a "yes" can move likelihood or impact at most from the bottom to the top


def reviewing_roles() -> list[Role]:
    """Roles a routing step may send a request to: those that review event requests."""
    return roles_with(Capability.REVIEW_EVENTS)


def _snapshot(instance: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    """The audited values: foreign keys by id, under the field's own name."""
    return {name.removesuffix("_id"): getattr(instance, name) for name in fields}


def _save(
    *,
    acting_user: User,
    thing: str,
    instance: M,
    fields: Sequence[str],
    values: Mapping[str, Any],
    expected_version: str | None,
    duplicate: Callable[[M], DomainError | None],
) -> M:
    """Create or change one policy record and audit it. `duplicate(instance)` names
    the clash with an existing record, if any, as the error to show. An edit that
    changes none of `fields` saves nothing and writes no entry."""
    creating = instance.pk is None
    with transaction.atomic():
        if creating:
            before: dict[str, Any] = {}
        else:
            instance = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
            check_version(instance, list(fields), expected_version)
            before = _snapshot(instance, fields)
        for name, value in values.items():
            setattr(instance, name, value)
        changed = changes(before, _snapshot(instance, fields))
        if not (changed or creating):
            return instance
        clash = duplicate(instance)
        if clash is not None:
            raise clash
        try:
            with transaction.atomic():
                instance.save(update_fields=None if creating else list(values))
        except IntegrityError:  # a concurrent save made the same record
            raise duplicate(instance) or DomainError(
                "That clashes with a record saved a moment ago: check the list and try again."
            ) from None
        record(
            action=f"events.policy.{thing}.{'created' if creating else 'changed'}",
            actor=acting_user,
            target=instance,
            data={"changes": changed},
        )
    return instance


def _others(instance: M) -> models.QuerySet[M]:
    manager = type(instance)._default_manager
    return manager.exclude(pk=instance.pk) if instance.pk else manager.all()


def _delete(
    *, acting_user: User, thing: str, instance: models.Model, fields: Sequence[str]
) -> None:
    with transaction.atomic():
        instance = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        record(
            action=f"events.policy.{thing}.deleted",
            actor=acting_user,
            target=instance,
            data={"changes": changes(_snapshot(instance, fields), {})},
        )
        instance.delete()


# --- The institution-wide settings -------------------------------------------------


def update_events_policy(
    *,
    acting_user: User,
    nation: str,
    appeal_window_days: int,
    reminder_days_before_due: int,
    expected_version: str | None = None,
) -> EventsPolicy:
    """Set the nation whose bank holidays count, the appeal window and reminders."""
    policy = EventsPolicy.current()
    return _save(
        acting_user=acting_user,
        thing="settings",
        instance=policy,
        fields=POLICY_FIELDS,
        values={
            "nation": nation,
            "appeal_window_days": appeal_window_days,
            "reminder_days_before_due": reminder_days_before_due,
            "updated_at": timezone.now(),
        },
        expected_version=expected_version,
        duplicate=lambda p: None,
    )


# --- Closure days ------------------------------------------------------------------


def save_closure_day(
    *,
    acting_user: User,
    closure_day: ClosureDay | None,
    date: date,
    description: str,
    expected_version: str | None = None,
) -> ClosureDay:
    """Add a closure day (with `closure_day` None) or change one."""
    return _save(
        acting_user=acting_user,
        thing="closure_day",
        instance=closure_day or ClosureDay(),
        fields=CLOSURE_DAY_FIELDS,
        values={"date": date, "description": description.strip()},
        expected_version=expected_version,
        duplicate=lambda c: (
            DomainError(f"{c.date.day} {c.date:%B %Y} is already a closure day.", field="date")
            if _others(c).filter(date=c.date).exists()
            else None
        ),
    )


def delete_closure_day(*, acting_user: User, closure_day: ClosureDay) -> None:
    """Make the day a working day again (unless it is a weekend or bank holiday)."""
    _delete(
        acting_user=acting_user,
        thing="closure_day",
        instance=closure_day,
        fields=CLOSURE_DAY_FIELDS,
    )


# --- Event types and campuses -------------------------------------------------------


def save_event_type(
    *,
    acting_user: User,
    event_type: EventType | None,
    name: str,
    description: str,
    is_active: bool,
    requires_briefing: bool = False,
    expected_version: str | None = None,
) -> EventType:
    """Add or change an event type. Types are never deleted, only deactivated, so
    past requests keep theirs."""
    return _save(
        acting_user=acting_user,
        thing="event_type",
        instance=event_type or EventType(),
        fields=EVENT_TYPE_FIELDS,
        values={
            "name": name.strip(),
            "description": description.strip(),
            "is_active": is_active,
            "requires_briefing": requires_briefing,
        },
        expected_version=expected_version,
        duplicate=lambda t: (
            DomainError(f"There is already an event type called {t.name}.", field="name")
            if _others(t).filter(name__iexact=t.name).exists()
            else None
        ),
    )


def save_campus(
    *,
    acting_user: User,
    campus: Campus | None,
    name: str,
    is_active: bool,
    expected_version: str | None = None,
) -> Campus:
    """Add or change a campus; deactivate one rather than delete it."""
    return _save(
        acting_user=acting_user,
        thing="campus",
        instance=campus or Campus(),
        fields=CAMPUS_FIELDS,
        values={"name": name.strip(), "is_active": is_active},
        expected_version=expected_version,
        duplicate=lambda c: (
            DomainError(f"There is already a campus called {c.name}.", field="name")
            if _others(c).filter(name__iexact=c.name).exists()
            else None
        ),
    )


# --- Notice periods ----------------------------------------------------------------


def describe_notice_scope(event_type: EventType | None, unit: OrgUnit | None) -> str:
    return f"{event_type.name if event_type else 'any event type'} in " + (
        unit.name if unit else "the whole institution"
    )


def save_notice_period(
    *,
    acting_user: User,
    notice_period: NoticePeriod | None,
    event_type: EventType | None,
    unit: OrgUnit | None,
    working_days: int,
    expected_version: str | None = None,
) -> NoticePeriod:
    """Add or change the working days of notice for an event type (or any) in a unit
    (or the whole institution). One rule per event type and unit."""
    return _save(
        acting_user=acting_user,
        thing="notice_period",
        instance=notice_period or NoticePeriod(),
        fields=NOTICE_PERIOD_FIELDS,
        values={"event_type": event_type, "unit": unit, "working_days": working_days},
        expected_version=expected_version,
        duplicate=lambda n: (
            DomainError(
                f"There is already a notice period for {describe_notice_scope(event_type, unit)}: "
                "change that one instead.",
                field="event_type",
            )
            if _others(n).filter(event_type=event_type, unit=unit).exists()
            else None
        ),
    )


def delete_notice_period(*, acting_user: User, notice_period: NoticePeriod) -> None:
    """Remove a notice rule: requests it covered fall back to the next broader rule."""
    _delete(
        acting_user=acting_user,
        thing="notice_period",
        instance=notice_period,
        fields=NOTICE_PERIOD_FIELDS,
    )


# --- Risk levels and the matrix ---------------------------------------------------


def save_risk_level(
    *,
    acting_user: User,
    risk_level: RiskLevel | None,
    name: str,
    rank: int,
    description: str,
    requires_briefing: bool = False,
    expected_version: str | None = None,
) -> RiskLevel:
    """Add or change a level of the risk matrix; `rank` orders the levels."""

    def duplicate(level: RiskLevel) -> DomainError | None:
        if _others(level).filter(name__iexact=level.name).exists():
            return DomainError(f"There is already a risk level called {level.name}.", field="name")
        if _others(level).filter(rank=level.rank).exists():
            return DomainError(
                f"Another risk level already has rank {level.rank}: choose a different rank.",
                field="rank",
            )
        return None

    return _save(
        acting_user=acting_user,
        thing="risk_level",
        instance=risk_level or RiskLevel(),
        fields=RISK_LEVEL_FIELDS,
        values={
            "name": name.strip(),
            "rank": rank,
            "description": description.strip(),
            "requires_briefing": requires_briefing,
        },
        expected_version=expected_version,
        duplicate=duplicate,
    )


def matrix_key(likelihood: int, impact: int) -> str:
    """The form field for one cell of the matrix."""
    return f"cell_{likelihood}_{impact}"


def matrix_version(cells: Mapping[tuple[int, int], int]) -> str:
    """The matrix as it is, for stale-edit protection of the whole grid."""
    return "-".join(str(cells.get((lk, im), 0)) for lk in MATRIX_SCALE for im in MATRIX_SCALE)


def current_matrix() -> dict[tuple[int, int], int]:
    """(likelihood, impact) -> level id."""
    return {
        (lk, im): level_id
        for lk, im, level_id in RiskMatrixCell.objects.values_list("likelihood", "impact", "level")
    }


def set_risk_matrix(
    *,
    acting_user: User,
    levels: Mapping[tuple[int, int], RiskLevel],
    expected_version: str | None = None,
) -> list[str]:
    """Set the level each likelihood × impact cell gives. All nine cells are saved
    together; the changed ones are audited as one entry. Returns the changed keys."""
    wanted = {(lk, im) for lk in MATRIX_SCALE for im in MATRIX_SCALE}
    if set(levels) != wanted:
        raise DomainError("Choose a level for every cell of the matrix.")
    with transaction.atomic():
        cells = {
            (cell.likelihood, cell.impact): cell
            for cell in RiskMatrixCell.objects.select_for_update().select_related("level")
        }
        if expected_version is not None and expected_version != matrix_version(
            {key: cell.level_id for key, cell in cells.items()}
        ):
            raise StaleEdit(STALE_MESSAGE)
        changed: dict[str, dict[str, Any]] = {}
        for (lk, im), level in sorted(levels.items()):
            cell = cells.get((lk, im))
            if cell is None:
                RiskMatrixCell.objects.create(likelihood=lk, impact=im, level=level)
                changed[matrix_key(lk, im)] = {"old": None, "new": level.name}
            elif cell.level_id != level.pk:
                changed[matrix_key(lk, im)] = {"old": cell.level.name, "new": level.name}
                cell.level = level
                cell.save(update_fields=["level"])
        if changed:
            record(
                action="events.policy.risk_matrix.changed",
                actor=acting_user,
                data={"changes": changed},
            )
    return sorted(changed)


# --- Screening questions ----------------------------------------------------------


def save_screening_question(
    *,
    acting_user: User,
    question: ScreeningQuestion | None,
    text: str,
    help_text: str,
    likelihood_points: int,
    impact_points: int,
    order: int,
    is_active: bool,
    yes_means_attendance: str = "",
    expected_version: str | None = None,
) -> ScreeningQuestion:
    """Add or change a screening question. Past requests keep the words and the
    assessment they were given: answers copy the question's text.
    `yes_means_attendance` (an `Attendance` value, or "") ties the question to the
    request's attendance answer, so contradictory answers are caught."""
    for field, points in (
        ("likelihood_points", likelihood_points),
        ("impact_points", impact_points),
    ):
        if not 0 <= points <= MAX_POINTS:
            raise DomainError(f"Enter points from 0 to {MAX_POINTS}.", field=field)
    if yes_means_attendance and yes_means_attendance not in Attendance.values:
        raise DomainError("Choose who can attend, or none.", field="yes_means_attendance")
    return _save(
        acting_user=acting_user,
        thing="question",
        instance=question or ScreeningQuestion(),
        fields=QUESTION_FIELDS,
        values={
            "text": text.strip(),
            "help_text": help_text.strip(),
            "likelihood_points": likelihood_points,
            "impact_points": impact_points,
            "yes_means_attendance": yes_means_attendance,
            "order": order,
            "is_active": is_active,
        },
        expected_version=expected_version,
        duplicate=lambda q: (
            DomainError("There is already a question with these words.", field="text")
            if _others(q).filter(text__iexact=q.text).exists()
            else None
        ),
    )


# --- Routing rules -----------------------------------------------------------------


@dataclass(frozen=True)
class StepSpec:
    """One review step as the administrator entered it, in order."""

    role: str
    unit: OrgUnit | None
    deadline_days: int
    kind: str = StepKind.SEQUENTIAL


def describe_steps(steps: Sequence[RoutingStep | StepSpec]) -> str:
    """ "Events and bookings officer → Prevent lead (only by escalation)"."""
    return " → ".join(
        Role(step.role).label
        + (f" at {step.unit.name}" if step.unit else "")
        + ("" if step.kind == StepKind.SEQUENTIAL else " (only by escalation)")
        for step in steps
    )


def _step_record(steps: Sequence[RoutingStep | StepSpec]) -> list[dict[str, Any]]:
    return [
        {
            "role": step.role,
            "unit": step.unit.pk if step.unit else None,
            "days": step.deadline_days,
            "kind": step.kind,
        }
        for step in steps
    ]


def routing_rule_version(rule: RoutingRule) -> str:
    """The rule's fields and its steps, for stale-edit protection of both."""
    steps = "|".join(
        f"{s.role}:{s.unit_id}:{s.deadline_days}:{s.kind}" for s in rule.steps.order_by("position")
    )
    return version_of(rule, ROUTING_RULE_FIELDS) + hashlib.sha256(steps.encode()).hexdigest()[:16]


def _replace_steps(rule: RoutingRule, steps: Sequence[StepSpec]) -> None:
    """Make the rule's steps `steps`, changing rows in place by position: a request
    waiting at a step keeps pointing at it (and escalates along the rule as it now
    is). A step a request is waiting at cannot be removed."""
    existing = {step.position: step for step in rule.steps.all()}
    surplus = [step for position, step in existing.items() if position > len(steps)]
    waiting = (
        EventRequest.objects.filter(current_step__in=surplus)
        .order_by("current_step__position")
        .values_list("current_step__position", flat=True)
        .first()
    )
    if waiting is not None:
        raise DomainError(
            f"Requests are waiting for review at step {waiting}: keep at least {waiting} "
            "steps until they have moved on."
        )
    for position, spec in enumerate(steps, start=1):
        step = existing.get(position) or RoutingStep(rule=rule, position=position)
        values = {"role": spec.role, "unit_id": spec.unit.pk if spec.unit else None}
        values["deadline_days"] = spec.deadline_days
        values["kind"] = spec.kind
        if step.pk is None or any(getattr(step, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(step, name, value)
            step.save()
    RoutingStep.objects.filter(pk__in=[step.pk for step in surplus]).delete()


def save_routing_rule(
    *,
    acting_user: User,
    rule: RoutingRule | None,
    name: str,
    unit: OrgUnit | None,
    risk_level: RiskLevel | None,
    order: int,
    is_active: bool,
    steps: Sequence[StepSpec],
    expected_version: str | None = None,
) -> RoutingRule:
    """Add or change a routing rule and its review steps (positions 1..n, in the
    order given). New requests follow the rule as saved; a request already in review
    stays at its step and escalates along the rule as it now is."""
    if not steps:
        raise DomainError("Add at least one review step.")
    allowed = {role.value for role in reviewing_roles()}
    for step in steps:
        if step.role not in allowed:
            raise DomainError(f"{Role(step.role).label} does not review event requests.")
    if not any(step.kind == StepKind.SEQUENTIAL for step in steps):
        raise DomainError(
            "At least one step must be “Must approve before the next”: a request starts "
            "there. Steps reached only by escalation are for a reviewer to hand a request on."
        )
    name = name.strip()
    creating = rule is None
    with transaction.atomic():
        if rule is None:
            rule = RoutingRule()
            before: dict[str, Any] = {}
        else:
            rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
            if expected_version is not None and expected_version != routing_rule_version(rule):
                raise StaleEdit(STALE_MESSAGE)
            before = {
                **_snapshot(rule, ROUTING_RULE_FIELDS),
                "steps": _step_record(list(rule.steps.select_related("unit"))),
            }
        rule.name, rule.unit, rule.risk_level = name, unit, risk_level
        rule.order, rule.is_active = order, is_active
        rule.save(
            update_fields=None if creating else ["name", "unit", "risk_level", "order", "is_active"]
        )
        _replace_steps(rule, steps)
        after = {**_snapshot(rule, ROUTING_RULE_FIELDS), "steps": _step_record(steps)}
        changed = changes(before, after)
        if changed or creating:
            record(
                action=f"events.policy.routing_rule.{'created' if creating else 'changed'}",
                actor=acting_user,
                target=rule,
                data={"changes": changed, "route": describe_steps(steps)},
            )
    return rule


# --- Mitigations --------------------------------------------------------------------


def save_mitigation(
    *,
    acting_user: User,
    mitigation: Mitigation | None,
    name: str,
    description: str,
    prevent_related: bool,
    default_owner: str,
    is_active: bool,
    expected_version: str | None = None,
) -> Mitigation:
    """Add or change a mitigation in the catalogue reviewers attach as conditions.
    Conditions already attached keep their own words."""
    return _save(
        acting_user=acting_user,
        thing="mitigation",
        instance=mitigation or Mitigation(),
        fields=MITIGATION_FIELDS,
        values={
            "name": name.strip(),
            "description": description.strip(),
            "prevent_related": prevent_related,
            "default_owner": default_owner.strip(),
            "is_active": is_active,
        },
        expected_version=expected_version,
        duplicate=lambda m: (
            DomainError(f"There is already a mitigation called {m.name}.", field="name")
            if _others(m).filter(name__iexact=m.name).exists()
            else None
        ),
    )
