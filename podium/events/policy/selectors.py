"""Reads for the policy pages: the lists, the overview's counts, the risk matrix."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Func, IntegerField, Prefetch, QuerySet, Subquery

from podium.events.models import (
    LIKELIHOOD_LABELS,
    MATRIX_SCALE,
    Campus,
    ClosureDay,
    EventsPolicy,
    EventType,
    Mitigation,
    NoticePeriod,
    RiskLevel,
    RiskMatrixCell,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
)


def _count(queryset: QuerySet[Any]) -> Subquery:
    """COUNT(*) of `queryset` as a subquery, so the overview reads every count at once."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def counts(policy: EventsPolicy) -> dict[str, int]:
    """How many of each kind of record there are, and how many are active, in one query."""
    counted: dict[str, QuerySet[Any]] = {"notice_periods": NoticePeriod.objects.all()}
    for name, model in [
        ("event_types", EventType),
        ("campuses", Campus),
        ("questions", ScreeningQuestion),
        ("routing_rules", RoutingRule),
        ("mitigations", Mitigation),
    ]:
        counted[name] = model._default_manager.all()
        counted[f"active_{name}"] = model._default_manager.filter(is_active=True)
    row = (
        EventsPolicy.objects.filter(pk=policy.pk)
        .annotate(**{name: _count(qs) for name, qs in counted.items()})
        .values(*counted)
        .get()
    )
    return {name: int(row[name] or 0) for name in counted}


def notice_periods() -> QuerySet[NoticePeriod]:
    return NoticePeriod.objects.select_related("event_type", "unit").order_by(
        "unit__path", "event_type__name", "pk"
    )


def closure_days(*, today: date) -> tuple[QuerySet[ClosureDay], QuerySet[ClosureDay]]:
    """Closure days from today, and the ten most recent before it."""
    return (
        ClosureDay.objects.filter(date__gte=today),
        ClosureDay.objects.filter(date__lt=today).order_by("-date")[:10],
    )


def risk_matrix_rows() -> list[tuple[str, list[RiskLevel | None]]]:
    """The matrix as it stands: a row per likelihood, a level (or None) per impact."""
    cells = {
        (cell.likelihood, cell.impact): cell.level
        for cell in RiskMatrixCell.objects.select_related("level")
    }
    return [
        (LIKELIHOOD_LABELS[lk], [cells.get((lk, im)) for im in MATRIX_SCALE]) for lk in MATRIX_SCALE
    ]


def routing_rules() -> QuerySet[RoutingRule]:
    """The routing rules in the order they are tried, with their steps."""
    steps = RoutingStep.objects.select_related("unit").order_by("position")
    return RoutingRule.objects.select_related("unit", "risk_level").prefetch_related(
        Prefetch("steps", queryset=steps)
    )


def risk_levels() -> QuerySet[RiskLevel]:
    return RiskLevel.objects.all()


def event_types() -> QuerySet[EventType]:
    return EventType.objects.all()


def campuses() -> QuerySet[Campus]:
    return Campus.objects.all()


def questions() -> QuerySet[ScreeningQuestion]:
    return ScreeningQuestion.objects.all()


def mitigations() -> QuerySet[Mitigation]:
    return Mitigation.objects.all()
