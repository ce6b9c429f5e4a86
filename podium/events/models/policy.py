"""Policy: administrator-edited data, never constants in code — event types and
their notice periods, closure days, screening questions, the risk matrix, routing
rules and their review steps, the mitigation catalogue, campuses, and one
`EventsPolicy` row (the nation for bank holidays, the appeal window)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.accounts.models import OrgUnit
from podium.accounts.roles import Role
from podium.core.privacy import NO_PERSONAL_DATA, PersonalData


class Nation(models.TextChoices):
    ENGLAND_AND_WALES = "ENG", "England and Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


class EventsPolicy(models.Model):
    """The institution-wide settings for events: one row (`EventsPolicy.current()`)."""

    nation = models.CharField(
        max_length=3,
        choices=Nation.choices,
        default=Nation.ENGLAND_AND_WALES,
        help_text="Whose bank holidays count as non-working days.",
    )
    appeal_window_days = models.PositiveSmallIntegerField(
        default=5, help_text="Working days after a decision within which an organiser may appeal."
    )
    reminder_days_before_due = models.PositiveSmallIntegerField(
        default=1, help_text="Working days before a review step is due that reviewers are reminded."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        verbose_name_plural = "events policy"

    def __str__(self) -> str:
        return "Events policy"

    @classmethod
    def current(cls) -> EventsPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy


class ClosureDay(models.Model):
    """A day the institution is closed (e.g. between Christmas and New Year): not a
    working day for notice or deadlines."""

    date = models.DateField(unique=True)
    description = models.CharField(max_length=200)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.description}"


class EventType(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    requires_briefing = models.BooleanField(
        default=False,
        help_text=(
            "A student organiser needs an in-date student organiser briefing before "
            "submitting a request of this type."
        ),
    )

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NoticePeriod(models.Model):
    """Working days of notice an event type needs in a unit (and the units below it).
    The most specific rule wins: a unit's own beats its parent's, and a rule for the
    event type beats one for any type."""

    event_type = models.ForeignKey(
        EventType, on_delete=models.CASCADE, null=True, blank=True, related_name="notice_periods"
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    working_days = models.PositiveSmallIntegerField()

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event_type", "unit"], name="noticeperiod_one_per_type_and_unit"
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(event_type__isnull=True),
                name="noticeperiod_one_any_type_per_unit",
            ),
            models.UniqueConstraint(
                fields=["event_type"],
                condition=Q(unit__isnull=True),
                name="noticeperiod_one_per_type_any_unit",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.event_type or 'Any event'} in {self.unit or 'any unit'}: "
            f"{self.working_days} working days"
        )


class Campus(models.Model):
    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "campuses"

    def __str__(self) -> str:
        return self.name


class RiskLevel(models.Model):
    """A level of the risk matrix, e.g. low / medium / high. `rank` orders them."""

    name = models.CharField(max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    requires_briefing = models.BooleanField(
        default=False,
        help_text=(
            "A student organiser needs an in-date student organiser briefing before "
            "submitting a request the screening answers put at this level."
        ),
    )

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


MATRIX_SCALE = (1, 2, 3)
LIKELIHOOD_LABELS = {1: "Unlikely", 2: "Possible", 3: "Likely"}
IMPACT_LABELS = {1: "Minor", 2: "Moderate", 3: "Serious"}


class RiskMatrixCell(models.Model):
    """Which level likelihood × impact gives. Nine cells, each edited by an administrator."""

    likelihood = models.PositiveSmallIntegerField(
        choices=[(n, LIKELIHOOD_LABELS[n]) for n in MATRIX_SCALE]
    )
    impact = models.PositiveSmallIntegerField(choices=[(n, IMPACT_LABELS[n]) for n in MATRIX_SCALE])
    level = models.ForeignKey(RiskLevel, on_delete=models.PROTECT, related_name="+")

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["likelihood", "impact"], name="riskcell_unique"),
        ]

    def __str__(self) -> str:
        return f"{LIKELIHOOD_LABELS[self.likelihood]} × {IMPACT_LABELS[self.impact]}: {self.level}"


class Attendance(models.TextChoices):
    MEMBERS = "members", "Members only"
    INVITED = "invited", "Invited guests"
    PUBLIC = "public", "Open to the public"


class ScreeningQuestion(models.Model):
    """A yes/no question every request answers. A "yes" adds its points to the
    likelihood and impact scores the risk matrix reads (1 + points, capped at 3).

    `yes_means_attendance` ties a question to the request's own attendance answer
    ("Is the event open to the public?" — yes means "Open to the public"): a
    request whose two answers disagree cannot be submitted until the organiser
    corrects one of them."""

    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=500, blank=True)
    likelihood_points = models.PositiveSmallIntegerField(default=0)
    impact_points = models.PositiveSmallIntegerField(default=0)
    yes_means_attendance = models.CharField(
        max_length=16, choices=Attendance.choices, blank=True, default=""
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class RoutingRule(models.Model):
    """Where a submitted request goes first, and where it escalates to: the first
    active rule (lowest `order`) whose unit contains the request's unit and whose
    level matches the suggested level (blank = any)."""

    name = models.CharField(max_length=100)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Requests from this unit and the units below it. Blank: any unit.",
    )
    risk_level = models.ForeignKey(
        RiskLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Requests with this suggested level. Blank: any level.",
    )
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    """How a request reaches a review step (podium/events/README.md, "Routes")."""

    SEQUENTIAL = "sequential", "Must approve before the next"
    ESCALATION = "escalation", "Reached only by escalation"


class RoutingStep(models.Model):
    """One level of review: people holding `role` over `unit` (blank: the request's
    own unit, or a unit above it) review within `deadline_days` working days.

    A sequential step signs off in turn: its approval is a recommendation while a
    sequential step after it remains, and the last one decides. An escalation step
    is reached only when a reviewer escalates (or a deadline passes)."""

    rule = models.ForeignKey(RoutingRule, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the reviewer holds the role. Blank: over the request's unit.",
    )
    deadline_days = models.PositiveSmallIntegerField(default=5)
    kind = models.CharField(
        max_length=16,
        choices=StepKind.choices,
        default=StepKind.SEQUENTIAL,
        help_text="Must approve before the next, or reached only by escalation.",
    )

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["rule", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "position"], name="routingstep_unique_position")
        ]

    def __str__(self) -> str:
        where = f" at {self.unit}" if self.unit else ""
        return f"{Role(self.role).label}{where}"

    @property
    def is_sequential(self) -> bool:
        return self.kind == StepKind.SEQUENTIAL


class Mitigation(models.Model):
    """The catalogue of conditions a decision can attach."""

    name = models.CharField(max_length=150, unique=True)
    description = models.CharField(max_length=500, blank=True)
    prevent_related = models.BooleanField(default=False)
    default_owner = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
