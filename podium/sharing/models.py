"""Information sharing with partner organisations: the partner and purpose
registers, the appropriate policy document, data sharing agreements, the sharing
log (disclosures, outgoing and incoming) and speaker information requests.

A disclosure records one act of sharing. An outgoing disclosure about a speaker or
an event request stores a snapshot of exactly the fields the sharer ticked
(`snapshot`): never more, and never re-read from the record afterwards.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.core.files import private_storage
from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData

DISCLOSURE_RETENTION = (
    "Deleted on the disclosure's deletion date: the data sharing agreement's period, "
    "or six years from the date of sharing."
)
DEFAULT_RETENTION_YEARS = 6


class PartnerKind(models.TextChoices):
    UNIVERSITY = "university", "Other university or college"
    DFE_COORDINATOR = "dfe_coordinator", "Regional DfE FE/HE Prevent co-ordinator"
    CT_POLICING = "ct_policing", "Counter-terrorism policing"
    LOCAL_AUTHORITY = "local_authority", "Local authority Prevent or Channel team"
    AUCSO = "aucso", "AUCSO network"
    OTHER = "other", "Other"


class Partner(models.Model):
    """An organisation Podium's institution shares with (administrator-kept)."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=PartnerKind.choices)
    contact_name = models.CharField(max_length=200)
    contact_route = models.CharField(
        max_length=300, help_text="The secure route: a secure e-mail address, a portal."
    )
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept while the partner is in the register; the contact is replaced "
        "when it changes.",
        fields=("contact_name", "contact_route"),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Purpose(models.Model):
    """Why information is shared (administrator-kept list)."""

    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PolicyVersion(models.Model):
    """The appropriate policy document (DPA 2018 Sch. 1 Part 4). Publishing adds a
    row; no row is ever edited. The newest is in force."""

    number = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept for good: the record of which policy was in force.",
        fields=("published_by",),
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number}"


class SharingAgreement(models.Model):
    """A data sharing agreement with one or more partners."""

    title = models.CharField(max_length=200)
    partners = models.ManyToManyField(Partner, related_name="agreements")
    purpose = models.TextField()
    data_categories = models.TextField()
    lawful_bases = models.TextField()
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    retention_years = models.PositiveSmallIntegerField(default=DEFAULT_RETENTION_YEARS)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The review date last reminded about (once per review date).
    review_reminded_on = models.DateField(null=True, blank=True)
    # The signed agreement (PDF), kept privately (`podium.core.files`); deleted with
    # the row (`signals.py`).
    document = models.FileField(
        storage=private_storage, upload_to="sharing/agreements/", blank=True
    )
    document_name = models.CharField(max_length=200, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept six years after the agreement ends; the signed document with it.",
        fields=("owner", "document"),
    )

    class Meta:
        ordering = ["review_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue"
    AMEND = "amend", "Amend"
    END = "end", "End"


class AgreementReview(models.Model):
    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices)
    note = models.TextField(blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept with its agreement.",
        fields=("reviewed_by",),
    )

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of agreement {self.agreement_id} on {self.reviewed_on}"


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "Outgoing"
    INCOMING = "incoming", "Incoming"


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting DPO sign-off"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    SENT = "sent", "Sent"
    WITHDRAWN = "withdrawn", "Withdrawn before sending"
    RECEIVED = "received", "Received"
    RECORDED = "recorded", "Recorded"


class Subject(models.TextChoices):
    SPEAKER = "speaker", "A speaker in the register"
    REQUEST = "request", "An event request"
    OTHER = "other", "Neither (describe it)"


class LawfulBasis(models.TextChoices):
    """UK GDPR Art 6(1)."""

    CONSENT = "consent", "Art 6(1)(a) consent"
    CONTRACT = "contract", "Art 6(1)(b) contract"
    LEGAL_OBLIGATION = "legal_obligation", "Art 6(1)(c) legal obligation"
    VITAL_INTERESTS = "vital_interests", "Art 6(1)(d) vital interests"
    PUBLIC_TASK = "public_task", "Art 6(1)(e) public task"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Art 6(1)(f) legitimate interests"


class SpecialCondition(models.TextChoices):
    """UK GDPR Art 9(2) conditions and Art 10 (criminal offence data)."""

    ART9_B = "art9_2_b", "Art 9(2)(b) employment, social security and social protection"
    ART9_C = "art9_2_c", "Art 9(2)(c) vital interests"
    ART9_F = "art9_2_f", "Art 9(2)(f) legal claims"
    ART9_G = "art9_2_g", "Art 9(2)(g) substantial public interest"
    ART10 = "art10", "Art 10 criminal offence data (with DPA 2018 Sch. 1 condition)"


class Method(models.TextChoices):
    SECURE_EMAIL = "secure_email", "Secure e-mail"
    TELEPHONE = "telephone", "Telephone"
    MEETING = "meeting", "Meeting"
    PODIUM = "podium", "Podium exchange"


class Disclosure(models.Model):
    """One act of sharing, outgoing or incoming."""

    direction = models.CharField(max_length=16, choices=Direction.choices)
    state = models.CharField(max_length=24, choices=State.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="disclosures")
    subject = models.CharField(max_length=16, choices=Subject.choices)
    speaker = models.ForeignKey(
        "speakers.Speaker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    event_request = models.ForeignKey(
        "events.EventRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    subject_text = models.CharField(max_length=300, blank=True)
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, related_name="+")
    necessity = models.TextField()
    # The ICO checklist.
    benefits_and_risks = models.TextField(blank=True)
    risks_of_not_sharing = models.TextField(blank=True)
    anonymised_would_do = models.BooleanField(default=False)
    safeguards = models.TextField(blank=True)
    lawful_basis = models.CharField(max_length=32, choices=LawfulBasis.choices)
    special_category = models.BooleanField(default=False)
    special_condition = models.CharField(
        max_length=16, choices=SpecialCondition.choices, blank=True
    )
    schedule1_paragraph = models.CharField(max_length=200, blank=True)
    statutory_power = models.CharField(max_length=300, blank=True)
    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    one_off_reason = models.TextField(blank=True)
    decision_maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(max_length=16, choices=Method.choices)
    shared_on = models.DateField()
    delete_on = models.DateField()
    # Outgoing: the fields ticked and their values when ticked. Incoming: what came.
    fields_shared = models.JSONField(default=list, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    received = models.TextField(blank=True)
    # Incoming: what came as a file (PDF or plain text), kept privately
    # (`podium.core.files`) and deleted with the row (`signals.py`).
    attachment = models.FileField(
        storage=private_storage, upload_to="sharing/disclosures/", blank=True
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    # Urgent (risk to life or of serious harm): sent before sign-off, reviewed after.
    urgent_reason = models.TextField(blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField(blank=True)
    review_reminded_on = models.DateField(null=True, blank=True)
    review_escalated = models.BooleanField(default=False)
    withdrawn_reason = models.TextField(blank=True)
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.SPECIAL_CATEGORY,
        retention=DISCLOSURE_RETENTION,
        fields=(
            "speaker",
            "event_request",
            "subject_text",
            "snapshot",
            "received",
            "attachment",
            "necessity",
            "urgent_reason",
        ),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="disclosure_keyset"),
            models.Index(fields=["state", "created_at", "id"], name="disclosure_state_keyset"),
            models.Index(fields=["review_due_on"], name="disclosure_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(special_category=False)
                | (~Q(special_condition="") & ~Q(schedule1_paragraph="")),
                name="disclosure_special_needs_condition",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="disclosure_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure D-{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"D-{self.pk}"

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgent_reason)


class SignOff(models.Model):
    """The DPO's decision on an outgoing disclosure; refusals carry their reasons.
    A refused disclosure may be corrected and submitted again, so there may be many."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="sign_offs")
    approved = models.BooleanField()
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=DISCLOSURE_RETENTION,
        fields=("decided_by", "reason"),
    )

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{'Approval' if self.approved else 'Refusal'} of D-{self.disclosure_id}"


class RAG(models.TextChoices):
    RED = "red", "Red: advised against, on evidence"
    AMBER = "amber", "Amber: some concerns"
    GREEN = "green", "Green: none known"


class InformationRequest(models.Model):
    """A speaker information request (the AUCSO-style protocol): "has this speaker
    spoken with you; were there concerns or conditions?". Outgoing: to one or more
    partners (`recipients`). Incoming: from `partner`, answered by an outgoing
    disclosure (`answer`)."""

    direction = models.CharField(max_length=16, choices=Direction.choices)
    speaker = models.ForeignKey(
        "speakers.Speaker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_requests",
    )
    speaker_name = models.CharField(max_length=200)
    question = models.TextField()
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="requests_received"
    )
    due_on = models.DateField()
    answer = models.ForeignKey(
        Disclosure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Incoming: when the sharers were reminded that the answer is due soon.
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Six years from the request.",
        fields=("speaker", "speaker_name", "question"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at", "id"], name="inforequest_keyset")]

    def __str__(self) -> str:
        return f"Request R-{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"R-{self.pk}"

    @property
    def progress(self) -> str:
        """ "To answer" / "Answered" (incoming), or how many partners answered (outgoing:
        uses the prefetched recipients)."""
        if self.direction == Direction.INCOMING:
            return "Answered" if self.answer_id else "To answer"
        rows = list(self.recipients.all())
        return f"{sum(1 for r in rows if r.answered_at)} of {len(rows)} answered"


class Recipient(models.Model):
    """One partner asked in an outgoing request, and its answer once recorded."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="recipients"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    rag = models.CharField(max_length=8, choices=RAG.choices, blank=True)
    summary = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Six years from the request.",
        fields=("summary",),
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "partner"], name="recipient_once"),
        ]

    def __str__(self) -> str:
        return f"R-{self.request_id} to partner {self.partner_id}"
