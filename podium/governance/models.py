"""The institutional Prevent risk assessment and its action plan.

A `Risk` is the lasting identity of one risk (its reference, R-1, R-2, ...); what
the assessment says about it lives in a `RiskEntry` of one `AssessmentVersion`. The
Prevent lead prepares a version (a draft copied from the last signed one), sends
it for sign-off, and a governing body member signs it off; a signed version and
its entries never change (`services` refuses, and the models refuse a save or
delete). Comparing two versions' entries risk by risk gives "what changed since
the last signed version".

The action plan is not versioned: its items (`ActionItem`) belong to a risk, not to
a version, because their progress moves on between sign-offs.

Topics and the RAG bands are administrator data (`RiskTopic`, `RagBand`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.core.errors import DomainError
from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData

RETENTION = (
    "Kept with the risk assessment: for as long as the institution must show its "
    "Prevent compliance (at least six years after the version is replaced)."
)
SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskTopic(models.Model):
    """An administrator-kept list, seeded with the usual Prevent areas."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class RagBand(models.Model):
    """A residual score of at least `min_score` (and below the next band's) is rated
    `rating`. Three rows, one per rating, kept by administrators."""

    rating = models.CharField(max_length=10, choices=Rag.choices, unique=True)
    min_score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(25)]
    )

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["min_score"]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} from {self.min_score}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING = "awaiting", "Awaiting sign-off"
    SIGNED = "signed", "Signed off"


class AssessmentVersion(models.Model):
    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The sign-off: who (the account, and the name as minuted), when, and where minuted.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=RETENTION,
        fields=("prepared_by", "signed_by", "signer_name"),
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="signed")
                | (
                    Q(signed_on__isnull=False, signed_by__isnull=False)
                    & ~Q(signer_name="")
                    & ~Q(minute_reference="")
                ),
                name="governance_signed_version_has_sign_off",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def is_signed(self) -> bool:
        return self.status == VersionStatus.SIGNED

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Risk(models.Model):
    """One risk's lasting identity across versions."""

    reference = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"R-{self.reference}"


class SignedVersionError(DomainError):
    def __init__(self) -> None:
        super().__init__("This version is signed off and can no longer change.")


class RiskEntry(models.Model):
    """What one version of the assessment says about one risk."""

    version = models.ForeignKey(AssessmentVersion, on_delete=models.PROTECT, related_name="entries")
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="entries")
    topic = models.ForeignKey(RiskTopic, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(max_length=2000)
    likelihood = models.PositiveSmallIntegerField(validators=SCORE)
    severity = models.PositiveSmallIntegerField(validators=SCORE)
    controls = models.TextField(max_length=4000, blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(validators=SCORE)
    residual_severity = models.PositiveSmallIntegerField(validators=SCORE)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    further_action = models.TextField(max_length=4000, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL, retention=RETENTION, fields=("owner",)
    )

    class Meta:
        ordering = ["risk__reference"]
        constraints = [
            models.UniqueConstraint(fields=["version", "risk"], name="governance_one_entry_a_risk"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"governance_{name}_1_to_5",
                )
                for name in ("likelihood", "severity", "residual_likelihood", "residual_severity")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.risk} in {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_signed()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_signed()
        return super().delete(*args, **kwargs)

    @property
    def gross_score(self) -> int:
        return self.likelihood * self.severity

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_severity

    def _refuse_if_signed(self) -> None:
        signed = AssessmentVersion.objects.filter(pk=self.version_id, status=VersionStatus.SIGNED)
        if self.version_id and signed.exists():
            raise SignedVersionError


class ActionCategory(models.TextChoices):
    POLICY = "policy", "Policy and procedure"
    TRAINING = "training", "Training and awareness"
    PARTNERSHIP = "partnership", "Partnership and information sharing"
    PREMISES = "premises", "Premises, events and IT"
    WELFARE = "welfare", "Welfare and pastoral care"
    MONITORING = "monitoring", "Monitoring and review"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION = Q(status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])


class ActionItem(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="actions")
    category = models.CharField(max_length=20, choices=ActionCategory.choices)
    action = models.TextField(max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_actions"
    )
    deadline = models.DateField()
    progress = models.TextField(max_length=4000, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The deadline each reminder was last sent for: once per kind and deadline.
    due_soon_reminded_for = models.DateField(null=True, blank=True)
    overdue_reminded_for = models.DateField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL, retention=RETENTION, fields=("owner",)
    )

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["deadline", "id"], name="governance_action_deadline"),
            models.Index(fields=["owner", "deadline"], name="governance_action_owner"),
        ]

    def __str__(self) -> str:
        return f"Action {self.pk} on {self.risk}"

    @property
    def audit_label(self) -> str:
        return f"Action {self.pk} on {self.risk}"

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.deadline < (today or timezone.localdate())


# --- Free-speech complaints ---------------------------------------------------------

COMPLAINT_RETENTION = (
    "Kept for six years after the complaint is closed (the limitation period for a "
    "claim under HEFSA 2023), then deleted."
)


class ComplainantKind(models.TextChoices):
    """Who may complain under the schemes: no anonymous complaints."""

    STUDENT = "student", "Student (current or former)"
    STAFF = "staff", "Member of staff (current or former)"
    MEMBER = "member", "Member of the provider"
    APPLICANT = "applicant", "Applicant for an academic post"
    SPEAKER = "speaker", "Visiting speaker (actual or invited)"


class ComplaintStage(models.TextChoices):
    WITH_PROVIDER = "with_provider", "With us (30-day resolution)"
    ESCALATED = "escalated", "Escalated externally"
    CLOSED = "closed", "Closed"


class Scheme(models.TextChoices):
    OIA = "oia", "Office of the Independent Adjudicator (OIA)"
    OFS = "ofs", "OfS free-speech complaints scheme"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn or settled"


class Complaint(models.Model):
    complainant_kind = models.CharField(max_length=20, choices=ComplainantKind.choices)
    complainant_name = models.CharField(max_length=200)
    complainant_email = models.EmailField()
    event_request = models.ForeignKey(
        "events.EventRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    speaker = models.ForeignKey(
        "speakers.Speaker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matter_on = models.DateField(help_text="When the matter complained of happened.")
    received_on = models.DateField()
    about = models.TextField(max_length=4000)
    adverse_consequence = models.TextField(max_length=4000)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(
        max_length=20, choices=ComplaintStage.choices, default=ComplaintStage.WITH_PROVIDER
    )
    # The provider's stage ends with its response (resolved or not).
    provider_response_on = models.DateField(null=True, blank=True)
    provider_response = models.TextField(max_length=4000, blank=True)
    # Escalation to the scheme.
    scheme = models.CharField(max_length=10, choices=Scheme.choices, blank=True)
    escalated_on = models.DateField(null=True, blank=True)
    external_reference = models.CharField(max_length=100, blank=True)
    # The end.
    outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    remedies = models.TextField(max_length=4000, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    overdue_reminded_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=COMPLAINT_RETENTION,
        fields=(
            "complainant_name",
            "complainant_email",
            "about",
            "adverse_consequence",
            "provider_response",
            "remedies",
            "owner",
        ),
    )

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["received_on", "id"], name="governance_complaint_received"),
            models.Index(fields=["stage", "received_on"], name="governance_complaint_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__gte=models.F("matter_on")),
                name="governance_complaint_after_matter",
            ),
        ]

    def __str__(self) -> str:
        return f"Complaint C-{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"Complaint C-{self.pk}"


# --- The free-speech code of practice -----------------------------------------------


class CodeSectionKind(models.TextChoices):
    """The sections HEFSA 2023 s.A2 asks the code to set out, in order."""

    VALUES = "values", "Values"
    MEETINGS = "meetings", "Procedures for meetings and events"
    CONDUCT = "conduct", "Conduct expected"
    PREMISES = "premises", "Criteria for the use of premises"
    SECURITY_COSTS = "security_costs", "Security costs: what counts as exceptional circumstances"


class CodeVersion(models.Model):
    """A version of the code: a draft until published, then never changed. The
    version in force at a moment is the one published latest before it."""

    number = models.PositiveIntegerField(unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL, retention=RETENTION, fields=("created_by",)
    )

    class Meta:
        ordering = ["-number"]
        indexes = [models.Index(fields=["published_at"], name="governance_code_published")]

    def __str__(self) -> str:
        return f"Code of practice version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CodeSection(models.Model):
    version = models.ForeignKey(CodeVersion, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=CodeSectionKind.choices)
    text = models.TextField(max_length=20_000)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind"], name="governance_one_section_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.version})"


class NoticeChannel(models.TextChoices):
    EMAIL = "email", "E-mail to every student"
    PORTAL = "portal", "Student portal or intranet"
    INDUCTION = "induction", "Induction materials"
    HANDBOOK = "handbook", "Student handbook"
    OTHER = "other", "Other"


class StudentNotice(models.Model):
    """The annual notice to students about the code (HEFSA 2023 s.A2(6))."""

    sent_on = models.DateField()
    channel = models.CharField(max_length=20, choices=NoticeChannel.choices)
    audience = models.CharField(max_length=200)
    text = models.TextField(max_length=20_000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminded_for = models.DateField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL, retention=RETENTION, fields=("recorded_by",)
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["sent_on", "id"], name="governance_notice_sent")]

    def __str__(self) -> str:
        return f"Notice to students of {self.sent_on:%-d %B %Y}"
