"""The rules an administrator sets, applied: working days, notice, the advisory risk
level and routing. Pure reads of the policy tables; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.db.models import Q
from django.utils import timezone

from podium.accounts.models import OrgUnit
from podium.events.models import (
    MATRIX_SCALE,
    ClosureDay,
    EventsPolicy,
    EventType,
    NoticePeriod,
    RiskLevel,
    RiskMatrixCell,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
    StepKind,
)

# --- Working days ------------------------------------------------------------------


@lru_cache(maxsize=8)
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=nation, years=year))


def upcoming_bank_holidays(nation: str, *, start: date, days: int = 365) -> list[tuple[date, str]]:
    """The nation's bank holidays from `start` for `days` days, with their names."""
    end = start + timedelta(days=days)
    found = holidays.country_holidays("GB", subdiv=nation, years=range(start.year, end.year + 1))
    return sorted((day, str(name)) for day, name in found.items() if start <= day < end)


@dataclass(frozen=True)
class Calendar:
    """Working days for the institution: Monday to Friday, less the bank holidays of
    its nation and the closure days an administrator has entered."""

    nation: str
    closures: frozenset[date]

    @classmethod
    def current(cls) -> Calendar:
        return cls(
            nation=EventsPolicy.current().nation,
            closures=frozenset(ClosureDay.objects.values_list("date", flat=True)),
        )

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.closures
            and day not in _bank_holidays(self.nation, day.year)
        )

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative if `end` is
        earlier): submitting on Monday for Wednesday gives 2 days' notice."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(n))
        )

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start`."""
        day = start
        while days > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day


# --- Notice ------------------------------------------------------------------------


def unit_ancestry(unit: OrgUnit) -> list[int]:
    """The unit's id and its ancestors', nearest first."""
    return [int(pk) for pk in reversed(unit.path.strip("/").split("/")) if pk]


def required_notice(*, event_type: EventType | None, unit: OrgUnit) -> int:
    """Working days of notice for this event type in this unit: the rule on the
    nearest unit wins; at the same unit, one for the event type beats one for any."""
    ancestry = unit_ancestry(unit)
    rules = list(
        NoticePeriod.objects.filter(
            Q(unit_id__in=ancestry) | Q(unit__isnull=True),
            Q(event_type=event_type) | Q(event_type__isnull=True),
        )
    )
    if not rules:
        return 0

    def closeness(rule: NoticePeriod) -> tuple[int, int]:
        distance = ancestry.index(rule.unit_id) if rule.unit_id else len(ancestry)
        return (distance, 0 if rule.event_type_id else 1)

    return min(rules, key=closeness).working_days


@dataclass(frozen=True)
class Notice:
    required: int
    given: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.given)

    @property
    def is_late(self) -> bool:
        return self.shortfall > 0

    @property
    def reason_needed(self) -> str:
        """What an organiser is told when a late request comes without a reason."""
        days = f"{self.shortfall} working day{'s' if self.shortfall != 1 else ''}"
        return f"This request is {days} short of the {self.required} required: say why it is late."


def notice_for(
    *, event_type: EventType | None, unit: OrgUnit, starts_at: datetime, on: date | None = None
) -> Notice:
    calendar = Calendar.current()
    today = on or timezone.localdate()
    return Notice(
        required=required_notice(event_type=event_type, unit=unit),
        given=calendar.working_days_between(today, timezone.localtime(starts_at).date()),
    )


# --- Advisory risk -----------------------------------------------------------------


@dataclass
class RiskAssessment:
    """The suggested level and why. Advisory: a person decides."""

    likelihood: int
    impact: int
    level: RiskLevel | None
    drivers: list[dict[str, object]] = field(default_factory=list)

    def as_record(self) -> dict[str, object]:
        return {
            "likelihood": self.likelihood,
            "impact": self.impact,
            "level": self.level.name if self.level else None,
            "drivers": self.drivers,
        }


def assess(answers: Iterable[tuple[ScreeningQuestion | None, bool]]) -> RiskAssessment:
    """Each "yes" adds its question's points; likelihood and impact start at 1 and
    stop at the top of the scale; the matrix cell gives the level."""
    top = MATRIX_SCALE[-1]
    likelihood = impact = 1
    drivers: list[dict[str, object]] = []
    for question, answer in answers:
        if question is None or not answer:
            continue
        if question.likelihood_points or question.impact_points:
            likelihood += question.likelihood_points
            impact += question.impact_points
            drivers.append(
                {
                    "question": question.text,
                    "likelihood": question.likelihood_points,
                    "impact": question.impact_points,
                }
            )
    likelihood, impact = min(likelihood, top), min(impact, top)
    cell = (
        RiskMatrixCell.objects.select_related("level")
        .filter(likelihood=likelihood, impact=impact)
        .first()
    )
    level = cell.level if cell else RiskLevel.objects.order_by("rank").first()
    return RiskAssessment(likelihood=likelihood, impact=impact, level=level, drivers=drivers)


# --- Routing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    rule: RoutingRule | None
    first_step: RoutingStep | None
    reasons: str


def route_for(*, unit: OrgUnit, level: RiskLevel | None) -> Route:
    """The first active rule, in order, whose unit contains the request's unit and
    whose level matches (a rule without a unit or level matches any)."""
    ancestry = unit_ancestry(unit)
    rules = (
        RoutingRule.objects.filter(is_active=True)
        .filter(Q(unit_id__in=ancestry) | Q(unit__isnull=True))
        .filter(Q(risk_level=level) | Q(risk_level__isnull=True))
        .select_related("unit", "risk_level")
        .prefetch_related("steps__unit")
        .order_by("order", "pk")
    )
    level_name = level.name if level else "none"
    for rule in rules:
        steps = list(rule.steps.all())
        if not steps:
            continue
        sign_off = [step for step in steps if step.is_sequential]
        escalation = [step for step in steps if not step.is_sequential]
        first = sign_off[0] if sign_off else steps[0]
        why_unit = f"{unit} is within {rule.unit}" if rule.unit else "the rule covers every unit"
        why_level = (
            f"the suggested level is {level_name}"
            if rule.risk_level
            else f"the rule covers every level (suggested: {level_name})"
        )
        path = " then ".join(str(step) for step in sign_off or steps)
        reached = (
            f" Reached only by escalation: {', '.join(str(step) for step in escalation)}."
            if escalation
            else ""
        )
        return Route(
            rule=rule,
            first_step=first,
            reasons=f"Routing rule “{rule.name}” applies: {why_unit}, and {why_level}. "
            f"Review by {path}.{reached}",
        )
    return Route(
        rule=None,
        first_step=None,
        reasons=f"No routing rule matches {unit} at level {level_name}; "
        "the request waits for an administrator to add one.",
    )


def next_step(step: RoutingStep, *, kind: str | None = None) -> RoutingStep | None:
    """The route's next step after `step` (of `kind`, when given)."""
    later = RoutingStep.objects.filter(rule_id=step.rule_id, position__gt=step.position)
    if kind is not None:
        later = later.filter(kind=kind)
    return later.order_by("position").first()


def next_sign_off_step(step: RoutingStep) -> RoutingStep | None:
    """The sequential step an approval at `step` passes the request on to; None when
    `step` has the last word (its approval is the decision)."""
    return next_step(step, kind=StepKind.SEQUENTIAL)


def escalation_step(step: RoutingStep) -> RoutingStep | None:
    """Where escalating from `step` sends the request: the next escalation-only step.
    A sequential step is never reached by escalation, so a sign-off is not skipped."""
    return next_step(step, kind=StepKind.ESCALATION)


def waiting_unit(step: RoutingStep, request_unit: OrgUnit) -> OrgUnit:
    """Where the reviewers for a step hold their role."""
    return step.unit if step.unit is not None else request_unit
