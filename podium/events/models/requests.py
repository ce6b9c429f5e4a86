"""Requests: `EventRequest` and what hangs off it — speakers, screening answers,
information requests, notes, decisions and their conditions, appeals, the
post-event report and incidents; deputies for absent reviewers (inbox messages
live in `podium.notify`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from podium.accounts.models import OrgUnit
from podium.accounts.roles import Role
from podium.core.privacy import (
    NO_PERSONAL_DATA,
    Classification,
    PersonalData,
    RetentionAction,
    Schedule,
)
from podium.events.models.policy import (
    Attendance,
    Campus,
    EventType,
    Mitigation,
    RiskLevel,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
)

# Defined in its own module; importing it here registers it with the events app.
from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus  # noqa: F401

REQUEST_RETENTION = (
    "Kept for six years after the event, then deleted with its speakers, answers, "
    "notes and decisions (the institution's records schedule for events)."
)


class Deputy(models.Model):
    """While `reviewer` is away, `deputy` sees and acts on their review work."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputised_by"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputising_for"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Deleted a year after the absence ends.",
        fields=("reviewer", "deputy", "starts_on", "ends_on"),
        schedule=Schedule(
            months=12,
            runs_from="ends_on",
            held_through=(("accounts.user", "reviewer_id"), ("accounts.user", "deputy_id")),
        ),
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reviewer=models.F("deputy")), name="deputy_not_self"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="deputy_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} for {self.reviewer}, {self.starts_on} to {self.ends_on}"


# --- Requests ----------------------------------------------------------------------


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    INFORMATION_REQUESTED = "information_requested", "Information requested"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REJECTED = "rejected", "Rejected"
    APPEALED = "appealed", "Appeal lodged"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"
    CANCELLED = "cancelled", "Cancelled"


# The colour of each status's tag (`EventRequest.status_tag`), looked up once per
# row rather than worked out by an include per row (issue 20, item 3).
STATUS_TAGS: dict[str, str] = {
    Status.APPROVED: "tag--green",
    Status.APPROVED_WITH_CONDITIONS: "tag--green",
    Status.REJECTED: "tag--red",
    Status.IN_REVIEW: "tag--blue",
    Status.INFORMATION_REQUESTED: "tag--yellow",
    Status.APPEALED: "tag--yellow",
    Status.CANCELLED: "tag--purple",
    Status.LAPSED: "tag--purple",
}

OPEN_STATUSES = (Status.IN_REVIEW, Status.INFORMATION_REQUESTED, Status.APPEALED)
APPROVED_STATUSES = (Status.APPROVED, Status.APPROVED_WITH_CONDITIONS)


class OrganiserKind(models.TextChoices):
    STAFF = "staff", "Staff member"
    STUDENT = "student", "Student, on behalf of a society"
    EXTERNAL = "external", "External hirer, through a staff sponsor"


class Format(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class VenueKind(models.TextChoices):
    ON_CAMPUS = "on_campus", "On campus"
    OFF_CAMPUS = "off_campus", "Off campus"


class Recording(models.TextChoices):
    NONE = "none", "Neither recorded nor streamed"
    RECORDED = "recorded", "Recorded"
    STREAMED = "streamed", "Streamed live"
    BOTH = "both", "Recorded and streamed"


# The longest description a request may have, on the page and in the API.
DESCRIPTION_LIMIT = 10_000


class EventRequest(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.DRAFT)
    # The event
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="event_requests")
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_requests"
    )
    organiser_kind = models.CharField(
        max_length=16, choices=OrganiserKind.choices, default=OrganiserKind.STAFF
    )
    external_hirer = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    venue_kind = models.CharField(
        max_length=16, choices=VenueKind.choices, default=VenueKind.ON_CAMPUS
    )
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    venue = models.CharField(max_length=200, blank=True)
    affiliated = models.BooleanField(default=False)
    funded = models.BooleanField(default=False)
    branded = models.BooleanField(default=False)
    expected_audience = models.PositiveIntegerField(null=True, blank=True)
    attendance = models.CharField(
        max_length=16, choices=Attendance.choices, default=Attendance.MEMBERS
    )
    ticketed = models.BooleanField(default=False)
    recording = models.CharField(max_length=16, choices=Recording.choices, default=Recording.NONE)
    # Notice
    notice_required_days = models.PositiveSmallIntegerField(null=True, blank=True)
    notice_given_days = models.SmallIntegerField(null=True, blank=True)
    late_reason = models.TextField(blank=True)
    fast_tracked = models.BooleanField(default=False)
    # Screening and routing, fixed at submission
    suggested_level = models.ForeignKey(
        RiskLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk_explanation = models.JSONField(default=dict, blank=True)
    routing_rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    routing_reasons = models.TextField(blank=True)
    # Positions of the route's steps passed over because nobody held their role.
    skipped_positions = models.JSONField(default=list, blank=True)
    # Where it waits
    current_step = models.ForeignKey(
        RoutingStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waiting_role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    waiting_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # Material facts changed after approval: what changed, for the re-approval.
    reapproval_changes = models.JSONField(default=dict, blank=True)
    # Cancellation of an approved event
    cancelled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("organiser", "external_hirer", "late_reason", "cancelled_reason"),
        # Anonymised, not deleted: the yearly counts of requests and decisions need the row.
        schedule=Schedule(
            months=72,
            runs_from="starts_at",
            action=RetentionAction.ANONYMISE,
            anonymise=("external_hirer", "late_reason", "cancelled_reason"),
            held_through=(("accounts.user", "organiser_id"),),
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organiser", "-created_at", "-id"], name="eventreq_organiser_idx"),
            models.Index(
                fields=["waiting_role", "waiting_unit", "waiting_since", "id"],
                name="eventreq_queue_idx",
                condition=Q(waiting_since__isnull=False),
            ),
            models.Index(fields=["starts_at", "id"], name="eventreq_starts_idx"),
            models.Index(fields=["status", "starts_at"], name="eventreq_status_starts_idx"),
            # Every request in a reviewer's scope, newest first (one scope matches most rows).
            models.Index(fields=["-created_at", "-id"], name="eventreq_created_idx"),
            # The dashboards count a year's submissions by month (reporting).
            models.Index(
                fields=["submitted_at"],
                name="eventreq_submitted_idx",
                condition=Q(submitted_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="eventreq_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def audit_label(self) -> str:
        """How audit entries name it: the reference, never the title someone typed
        (podium/audit/README.md, "What goes in an entry")."""
        return self.reference

    @property
    def status_tag(self) -> str:
        """The CSS class of the status's tag (`STATUS_TAGS`; grey for the rest)."""
        return STATUS_TAGS.get(self.status, "tag--grey")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATUSES

    def reapproval_facts(self) -> list[FactChange]:
        """The material changes awaiting re-approval, as people read them: the
        field's label, and the old and new values written out (dates as dates,
        choices by their labels, the campus and speakers by name)."""
        return [
            FactChange(
                label=_fact_label(name),
                old=_fact_text(name, change.get("old")),
                new=_fact_text(name, change.get("new")),
            )
            for name, change in self.reapproval_changes.items()
        ]


@dataclass(frozen=True)
class FactChange:
    label: str
    old: str
    new: str


def _fact_field(name: str) -> models.Field[Any, Any]:
    field = EventRequest._meta.get_field(name.removesuffix("_id"))
    assert isinstance(field, models.Field)
    return field


def _fact_label(name: str) -> str:
    if name == "speakers":
        return "Speakers"
    return str(_fact_field(name).verbose_name).capitalize()


def _fact_text(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "Not given"
    if name == "speakers":
        return ", ".join(str(speaker.get("name", "")) for speaker in value)
    if name == "campus_id":
        campus = Campus.objects.filter(pk=value).first()
        return str(campus) if campus else "A campus since removed"
    field = _fact_field(name)
    if isinstance(field, models.DateTimeField):
        moment = datetime.fromisoformat(str(value))
        return date_format(timezone.localtime(moment), "l j F Y, H:i")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", "Speaker"
    CHAIR = "chair", "Chair"
    PANELLIST = "panellist", "Panellist"
    PERFORMER = "performer", "Performer"
    PRE_RECORDED = "pre_recorded", "Pre-recorded contribution"


class EventSpeaker(models.Model):
    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    position = models.PositiveSmallIntegerField(default=0)
    # The speaker register entry (podium.speakers); `name` keeps what was typed.
    speaker = models.ForeignKey(
        "speakers.Speaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appearances",
    )

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("name", "affiliation", "speaker"),
        schedule=Schedule(
            months=72,
            runs_from="request__starts_at",
            action=RetentionAction.ANONYMISE,
            anonymise=("name", "affiliation", "speaker"),
            held_through=(
                ("events.eventrequest", "request_id"),
                ("speakers.speaker", "speaker_id"),
            ),
        ),
    )

    class Meta:
        ordering = ["request", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def audit_label(self) -> str:
        """A speaker on a request is labelled by number: the name is anonymised with
        the request, and the log must not keep it
        (docs/decisions/0003-erasure-and-the-audit-chain.md)."""
        return f"Speaker {self.pk} on request {self.request_id}"


class ScreeningAnswer(models.Model):
    """A request's answer to a screening question; the question's words and points
    are copied so later edits to the question never change a past assessment."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        ScreeningQuestion, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    question_text = models.CharField(max_length=300)
    answer = models.BooleanField()
    details = models.TextField(blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("details",),
    )

    class Meta:
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {'yes' if self.answer else 'no'}"


class InformationRequest(models.Model):
    """A reviewer's question to the organiser. The review clock stops while it is open."""

    request = models.ForeignKey(
        EventRequest, on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("question", "answer", "asked_by", "answered_by"),
    )

    class Meta:
        ordering = ["request", "asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(answered_at__isnull=True),
                name="inforeq_one_open_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"Question on {self.request_id} at {self.asked_at:%Y-%m-%d}"


class RequestText(models.Model):
    """The words that go with one audit entry about a request — a withdrawal's or
    an escalation's reason — kept here, under the request's access rules, because
    audit entries carry no free text (podium/audit/README.md). `entry_sequence` is
    the entry's `sequence`; the request page's history shows the words beside it."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="entry_texts")
    entry_sequence = models.PositiveBigIntegerField(unique=True)
    text = models.TextField()

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("text",),
    )

    class Meta:
        ordering = ["request", "entry_sequence"]

    def __str__(self) -> str:
        return f"Text of audit entry {self.entry_sequence}"


class ReviewNote(models.Model):
    """A reviewer's note on a request. Append-only: there is no way to edit or delete one."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("author", "text"),
        schedule=Schedule(
            months=72,
            runs_from="request__starts_at",
            action=RetentionAction.ANONYMISE,
            anonymise=("text",),
            held_through=(("events.eventrequest", "request_id"),),
        ),
    )

    class Meta:
        ordering = ["request", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Note by {self.author_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Outcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REJECTED = "rejected", "Rejected"


class RejectionCategory(models.TextChoices):
    HEALTH_AND_SAFETY = "health_and_safety", "Health and safety"
    PROCEDURAL = "procedural", "Procedural"
    PREVENT = "prevent", "Prevent"
    OTHER = "other", "Other"


class SpeechLawful(models.TextChoices):
    YES = "yes", "Yes, the expected speech is lawful"
    NO = "no", "No, the expected speech is likely to be unlawful"
    UNSURE = "unsure", "Not certain"


class FreeSpeechRecord(models.Model):
    """What a decision (and a recommendation at a sign-off step) records of its
    free-speech reasoning, and who bears security costs."""

    speech_lawful = models.CharField(max_length=8, choices=SpeechLawful.choices, blank=True)
    practicable_steps = models.TextField(blank=True)
    proportionality = models.TextField(blank=True)
    viewpoint_neutral = models.BooleanField(default=False)
    # Security costs fall on organisers only in exceptional circumstances, with reasons.
    organiser_bears_security_costs = models.BooleanField(default=False)
    security_costs_reason = models.TextField(blank=True)

    class Meta:
        abstract = True


class Decision(FreeSpeechRecord):
    """A decision on a request, or on an appeal against one. Exactly one decision per
    request is live (`is_live`), enforced by a partial unique index; an appeal outcome
    or a suspension for re-approval retires the previous one."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=32, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    acting_as = models.CharField(max_length=32, choices=Role.choices, blank=True)
    rationale = models.TextField()
    on_appeal = models.BooleanField(default=False)
    # The route step it was taken at (a first decision; null on appeal or unrouted).
    step_position = models.PositiveSmallIntegerField(null=True, blank=True)
    # The free-speech record (`FreeSpeechRecord`), required for a restriction or a rejection.
    rejection_category = models.CharField(
        max_length=32, choices=RejectionCategory.choices, blank=True
    )
    rejection_reason = models.TextField(blank=True)
    is_live = models.BooleanField(default=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("decided_by", "rationale", "rejection_reason"),
    )

    class Meta:
        ordering = ["request", "decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(is_live=True), name="decision_one_live_per_request"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="rejected") | ~Q(rejection_category=""),
                name="decision_rejection_has_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.decided_by_id} at {self.decided_at:%Y-%m-%d}"

    @property
    def restricts(self) -> bool:
        return self.outcome != Outcome.APPROVED


class ConditionMet(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class Condition(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conditions")
    mitigation = models.ForeignKey(
        Mitigation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=500)
    prevent_related = models.BooleanField(default=False)
    owner = models.CharField(max_length=100)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmation_note = models.CharField(max_length=500, blank=True)
    review = models.CharField(max_length=8, choices=ConditionMet.choices, blank=True)
    review_note = models.CharField(max_length=500, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("confirmed_by",),
    )

    class Meta:
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.text


class AppealStatus(models.TextChoices):
    LODGED = "lodged", "Lodged"
    UPHELD = "upheld", "Upheld"
    DISMISSED = "dismissed", "Dismissed"


class Appeal(models.Model):
    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="appeals")
    against = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    grounds = models.TextField()
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lodged_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16, choices=AppealStatus.choices, default=AppealStatus.LODGED
    )
    outcome_decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="appeal_outcome_of"
    )

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("grounds", "lodged_by"),
    )

    class Meta:
        ordering = ["request", "lodged_at"]
        constraints = [
            models.UniqueConstraint(fields=["against"], name="appeal_one_per_decision"),
        ]

    def __str__(self) -> str:
        return f"Appeal on {self.request_id} ({self.get_status_display()})"


class PostEventReport(models.Model):
    request = models.OneToOneField(
        EventRequest, on_delete=models.CASCADE, related_name="post_event_report"
    )
    went_ahead = models.BooleanField()
    attendance = models.PositiveIntegerField(null=True, blank=True)
    conditions_met = models.CharField(max_length=8, choices=ConditionMet.choices, blank=True)
    incidents = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("incidents", "notes", "reported_by"),
    )

    def __str__(self) -> str:
        return f"Post-event report on {self.request_id}"


class Incident(models.Model):
    """Security's log of something that happened at an event."""

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        SERIOUS = "serious", "Serious"

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField()
    severity = models.CharField(max_length=16, choices=Severity.choices)
    description = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("description", "recorded_by"),
    )

    class Meta:
        ordering = ["request", "occurred_at"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()} incident at {self.request_id}"


class ReminderSent(models.Model):
    """A reminder or timeout already handled for a request at a step: the unique
    constraint makes the scheduled job act once, however often it runs."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32)
    step_started = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "step_started"], name="reminder_once_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.request_id}"


class CalendarFeed(models.Model):
    """A person's private iCalendar feed address. Calendar programs cannot sign in,
    so the address itself is the key: it shows only what the person may see in the
    calendar, and they can replace it (the old address then stops working).

    Only the SHA-256 of the key is stored, as for API tokens: a copy of the database
    does not give anyone the feeds. The address is shown once, when it is made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Deleted with the person's account, or when they replace the address.",
        fields=("user",),
    )

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
