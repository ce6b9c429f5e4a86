"""Prevent concerns (Notice, Check, Share), their cases, and reportable events.

A concern shared by anyone signed in becomes a `Case`, visible only to the case
roles (`Capability.HANDLE_CONCERNS`). The subject is a pseudonymous reference on
the case; who they are lives in `SubjectIdentity`, opened separately and logged.
Stages are dated flags, as the regulator counts them. Notes are append-only;
every view of a case is a `CaseView`; break-glass access is a `BreakGlassGrant`.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.core.privacy import (
    NO_PERSONAL_DATA,
    Classification,
    PersonalData,
    RetentionAction,
    Schedule,
)

CASE_RETENTION = (
    "Kept while the case is open and for six years after it closes; then the case is "
    "anonymised (kept, without who raised or owns it and what was noticed, so past years' "
    "counts stay right) and its identity, notes, views and break-glass grants deleted."
)
# Six years after closing (the data protection officer may change it in the retention
# schedule, `podium.privacy`). A hold on the case holds what belongs to it.
CASE_MONTHS = 72
BELONGS_TO_CASE = (("concerns.case", "case_id"),)


class Jurisdiction(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"


class ConcernSettings(models.Model):
    """The institution's settings for concerns: one row, kept by an administrator."""

    guidance = models.TextField(
        default=(
            "Notice: something about a person worries you. Check: talk it through with the "
            "safeguarding team if you are unsure. Share: tell us here; we will take it from "
            "there."
        ),
        help_text="The institution's Notice, Check, Share guidance, shown on the share page.",
    )
    contacts = models.TextField(
        default=(
            "Safeguarding team: 01234 567890 (office hours). Security: 01234 567999 (24 hours)."
        ),
        help_text="Who to contact, shown on the share page.",
    )
    jurisdiction = models.CharField(
        max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.ENGLAND
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        default=5,
        help_text="Counts above zero and below this are withheld outside the safeguarding team.",
    )
    reporting_window_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Days after an event before, unreported, it reminds the Prevent lead.",
    )
    break_glass_hours = models.PositiveSmallIntegerField(
        default=4, help_text="How long break-glass access to a case lasts."
    )
    students_may_share = models.BooleanField(
        "students may share a concern",
        default=False,
        help_text="Whether students may share a concern (they then see only that it was received).",
    )

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        verbose_name_plural = "concern settings"

    def __str__(self) -> str:
        return "Concern settings"

    @classmethod
    def current(cls) -> ConcernSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls.objects.create()

    @property
    def referral_route(self) -> str:
        return (
            ReferralRoute.PMAP
            if self.jurisdiction == Jurisdiction.SCOTLAND
            else ReferralRoute.CHANNEL
        )

    @property
    def regulator(self) -> str:
        return Regulator.MEDR if self.jurisdiction == Jurisdiction.WALES else Regulator.OFS


class Ideology(models.Model):
    """The regulator's ideology categories, kept as data."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "ideologies"

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """What someone may have noticed: an administrator-kept list."""

    name = models.CharField(max_length=150, unique=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdviceFrom(models.TextChoices):
    DFE_COORDINATOR = "dfe_coordinator", "DfE regional Prevent co-ordinator"
    CT_POLICING = "ct_policing", "Counter-terrorism policing"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class ReferralRoute(models.TextChoices):
    CHANNEL = "channel", "Channel (England and Wales)"
    PMAP = "pmap", "PMAP (Scotland)"


class OtherPath(models.TextChoices):
    NONE = "", "None"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    NON_PREVENT_SUPPORT = "non_prevent_support", "Non-Prevent support (welfare, safeguarding)"


class Outcome(models.TextChoices):
    NONE = "", "Not yet"
    CHANNEL_PMAP = "channel_pmap", "Channel or PMAP support"
    OTHER_SUPPORT = "other_support", "Other support"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    UNKNOWN = "unknown", "Unknown"


class Stage(models.TextChoices):
    """Where a case is, derived from its dated flags (furthest first)."""

    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    LEAD_INVOLVED = "lead_involved", "Prevent lead involved"
    ADVICE_SOUGHT = "advice_sought", "External advice sought"
    REFERRED = "referred", "Formal referral"
    CLOSED = "closed", "Closed"


def _subject_reference() -> str:
    return "S-" + secrets.token_hex(4).upper()


def _case_reference() -> str:
    return "PC-" + secrets.token_hex(4).upper()


class Case(models.Model):
    """One shared concern and what the case roles did about it."""

    reference = models.CharField(
        max_length=20, unique=True, default=_case_reference, editable=False
    )
    subject_reference = models.CharField(max_length=20, default=_subject_reference, editable=False)
    # Empty once the case is anonymised at the end of its retention period.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_raised",
    )
    raised_at = models.DateTimeField(default=timezone.now)
    noticed = models.TextField()
    noticed_on = models.DateField()
    online_elements = models.TextField(blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="cases")
    immediate_danger = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    ideology = models.ForeignKey(
        Ideology, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns_owned",
    )
    triaged_on = models.DateField(null=True, blank=True)
    lead_involved_on = models.DateField(null=True, blank=True)
    advice_sought_on = models.DateField(null=True, blank=True)
    advice_from = models.CharField(max_length=20, choices=AdviceFrom.choices, blank=True)
    referral_on = models.DateField(null=True, blank=True)
    referral_route = models.CharField(max_length=10, choices=ReferralRoute.choices, blank=True)
    other_path = models.CharField(max_length=30, choices=OtherPath.choices, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.SPECIAL_CATEGORY,
        retention=CASE_RETENTION,
        fields=("raised_by", "noticed", "online_elements", "owner"),
        # Anonymised, not deleted: the yearly counts need the row, its dates and ideology.
        schedule=Schedule(
            months=CASE_MONTHS,
            runs_from="closed_on",
            action=RetentionAction.ANONYMISE,
            anonymise=("raised_by", "noticed", "online_elements", "owner"),
        ),
    )

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["raised_at", "id"], name="concern_case_raised"),
            models.Index(fields=["closed_on", "raised_at"], name="concern_case_open"),
            models.Index(fields=["lead_involved_on"], name="concern_case_lead"),
            models.Index(fields=["advice_sought_on"], name="concern_case_advice"),
            models.Index(fields=["referral_on"], name="concern_case_referral"),
            models.Index(fields=["review_on"], name="concern_case_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(advice_sought_on__isnull=True) | Q(lead_involved_on__isnull=False),
                name="concern_advice_after_lead",
            ),
            models.CheckConstraint(
                condition=Q(referral_on__isnull=True) | Q(lead_involved_on__isnull=False),
                name="concern_referral_after_lead",
            ),
        ]

    def __str__(self) -> str:
        # Only the reference: the audit log and inbox show it, never the text.
        return self.reference

    @property
    def stage(self) -> Stage:
        if self.closed_on:
            return Stage.CLOSED
        if self.referral_on:
            return Stage.REFERRED
        if self.advice_sought_on:
            return Stage.ADVICE_SOUGHT
        if self.lead_involved_on:
            return Stage.LEAD_INVOLVED
        if self.triaged_on:
            return Stage.TRIAGED
        return Stage.NEW


class SubjectIdentity(models.Model):
    """Who the case is about: opened only by the case roles, every opening logged."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity")
    full_name = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=50, blank=True, help_text="Student or staff number.")
    contact = models.CharField(max_length=300, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.SPECIAL_CATEGORY,
        retention=CASE_RETENTION,
        fields=("full_name", "number", "contact"),
        schedule=Schedule(
            months=CASE_MONTHS, runs_from="case__closed_on", held_through=BELONGS_TO_CASE
        ),
    )

    def __str__(self) -> str:
        return f"Subject of {self.case.reference}"


class CaseNote(models.Model):
    """Append-only: never changed or deleted by Podium."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.SPECIAL_CATEGORY,
        retention=CASE_RETENTION,
        fields=("author", "text"),
        schedule=Schedule(
            months=CASE_MONTHS, runs_from="case__closed_on", held_through=BELONGS_TO_CASE
        ),
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.case.reference}"


class BreakGlassGrant(models.Model):
    """Time-limited access to one case for someone outside the case roles."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=CASE_RETENTION,
        fields=("user", "reason"),
        schedule=Schedule(
            months=CASE_MONTHS, runs_from="case__closed_on", held_through=BELONGS_TO_CASE
        ),
    )

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "case", "expires_at"], name="concern_grant_live"),
            models.Index(fields=["granted_at", "id"], name="concern_grant_granted"),
        ]

    def __str__(self) -> str:
        return f"Break-glass access to {self.case.reference}"


class ViewedPart(models.TextChoices):
    CASE = "case", "The case"
    IDENTITY = "identity", "The subject's identity"


class CaseView(models.Model):
    """One view of one case: who, when, what part, and under which grant if any."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(default=timezone.now)
    part = models.CharField(max_length=20, choices=ViewedPart.choices)
    grant = models.ForeignKey(BreakGlassGrant, on_delete=models.SET_NULL, null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=CASE_RETENTION,
        fields=("viewer",),
        schedule=Schedule(
            months=CASE_MONTHS, runs_from="case__closed_on", held_through=BELONGS_TO_CASE
        ),
    )

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["case", "viewed_at"], name="concern_view_case")]

    def __str__(self) -> str:
        return f"View of {self.case.reference}"


class EventCategory(models.TextChoices):
    SERIOUS_INCIDENT = "serious_incident", "Serious incident"
    CHANGE_OF_CIRCUMSTANCE = "change_of_circumstance", "Change of circumstance"


class Regulator(models.TextChoices):
    OFS = "ofs", "Office for Students (OfS)"
    MEDR = "medr", "Medr"


class ReportableEvent(models.Model):
    """A Prevent-related serious incident or change of circumstance for the regulator."""

    occurred_on = models.DateField()
    category = models.CharField(max_length=30, choices=EventCategory.choices)
    description = models.TextField()
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="reportable_events"
    )
    # The event request the incident happened at, if any (a submitted one).
    event_request = models.ForeignKey(
        "events.EventRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    follow_up = models.TextField(blank=True, help_text="Follow-up actions and who owns each.")
    regulator = models.CharField(max_length=10, choices=Regulator.choices, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    regulator_reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept for six years after the event is reported; then deleted.",
        fields=("description", "follow_up", "recorded_by"),
        schedule=Schedule(months=72, runs_from="reported_on"),
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["reported_on", "occurred_on"], name="concern_event_open")]

    def __str__(self) -> str:
        return f"Reportable event {self.pk} ({self.get_category_display()})"

    @property
    def audit_label(self) -> str:
        return f"Reportable event {self.pk}"


class FollowUpAction(models.Model):
    """One follow-up action on a reportable event: what, who owns it, by when, and
    when it was done. Overdue, it reminds its owner once per due date."""

    event = models.ForeignKey(ReportableEvent, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concern_actions"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="As its reportable event: deleted six years after the event is reported.",
        fields=("action", "owner", "created_by"),
        schedule=Schedule(
            months=72,
            runs_from="event__reported_on",
            held_through=(("concerns.reportableevent", "event_id"),),
        ),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="concern_action_open")]

    def __str__(self) -> str:
        return f"Follow-up action {self.pk} on reportable event {self.event_id}"

    @property
    def audit_label(self) -> str:
        return f"Follow-up action {self.pk}"
