"""Staff, the Prevent courses they must hold, what they completed, and imports.

Training is about *staff members* (from the HR system), not users: most staff never
sign in. A staff member who is also a user is linked by work e-mail address.

`RequirementStatus` is a derived table (one row per staff member per requirement
that applies to them) holding the next due date; the status itself (compliant,
due soon, overdue, never trained) is computed from that date and today in SQL, so
nothing needs recomputing as days pass (see `selectors.status_case`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.accounts.models import OrgUnit
from podium.accounts.roles import Role
from podium.core.files import private_storage
from podium.core.privacy import (
    NO_PERSONAL_DATA,
    Classification,
    PersonalData,
    RetentionAction,
    Schedule,
)

STAFF_RETENTION = "Kept while the person works here and for six years after they leave."


class StaffGroup(models.Model):
    """An administrator-kept list: security, student support, academic, ..."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    staff_number = models.CharField(max_length=32, unique=True)
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="staff")
    group = models.ForeignKey(
        StaffGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)  # None: still here
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_record",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=STAFF_RETENTION,
        fields=("staff_number", "full_name", "email", "line_manager", "started_on", "left_on"),
        # Anonymised, not deleted: past years' training counts need the row and its dates.
        schedule=Schedule(
            months=72,
            runs_from="left_on",
            action=RetentionAction.ANONYMISE,
            anonymise=("staff_number", "full_name", "email", "line_manager"),
            held_through=(("accounts.user", "user_id"),),
        ),
    )

    class Meta:
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["full_name", "id"], name="staff_name_keyset"),
            models.Index(fields=["unit", "full_name", "id"], name="staff_unit_name"),
            models.Index(fields=["email"], name="staff_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("started_on")),
                name="staff_leaves_after_starting",
            ),
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("id")), name="staff_not_own_manager"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_number})"

    @property
    def audit_label(self) -> str:
        """The audit log names the record, not the person: the name is anonymised
        when the retention schedule says, and the log must not keep it
        (docs/decisions/0003-erasure-and-the-audit-chain.md)."""
        return f"Staff member {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class ReturnCategory(models.TextChoices):
    """How the regulator's return counts a course (OfS Prevent ADR)."""

    INDUCTION = "induction", "Induction"
    REFRESHER = "refresher", "Refresher"
    BROADER = "broader", "Broader safeguarding"


class Course(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=50, unique=True, help_text="How learning-system exports name the course."
    )
    provider = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=ReturnCategory.choices)
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty if a completion never expires."
    )
    required_to_decide = models.BooleanField(
        default=False,
        help_text=(
            "Reviewers must hold this course in date before deciding on event requests "
            "or handling Prevent records."
        ),
    )
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """Who must hold a course: a staff group, or everyone holding a role. First
    due `due_within_days` after starting; renewed every `renew_every_months`
    (empty: once is enough). Completing inside the window before the due date
    extends from the due date, not from the completion (as Totara does)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requirements")
    group = models.ForeignKey(
        StaffGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="requirements"
    )
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    due_within_days = models.PositiveSmallIntegerField(default=90)
    renew_every_months = models.PositiveSmallIntegerField(null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(default=60)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["course__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=False, role="") | Q(group__isnull=True) & ~Q(role=""),
                name="requirement_group_or_role",
            ),
            models.UniqueConstraint(
                fields=["course", "group"],
                condition=Q(group__isnull=False),
                name="requirement_once_per_group",
            ),
            models.UniqueConstraint(
                fields=["course", "role"], condition=~Q(role=""), name="requirement_once_per_role"
            ),
        ]

    def __str__(self) -> str:
        who = self.group.name if self.group_id else Role(self.role).label  # type: ignore[union-attr]
        return f"{self.course} for {who}"


class Source(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    IMPORT = "import", "Imported"
    API = "api", "API"
    SEED = "seed", "Sample data (demo or seed)"


class Completion(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices)
    evidence = models.FileField(storage=private_storage, upload_to="evidence/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    batch = models.ForeignKey(
        "TrainingImport", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=STAFF_RETENTION,
        fields=("staff", "completed_on", "evidence"),
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "course", "completed_on"], name="completion_once_a_day"
            )
        ]
        indexes = [
            models.Index(fields=["course", "completed_on"], name="completion_course_date"),
            models.Index(fields=["completed_on"], name="completion_date"),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.completed_on:%d %b %Y}"


class RequirementStatus(models.Model):
    """Derived: for each staff member and each requirement applying to them, when
    the course is next due. Rebuilt by `services.refresh_status` whenever
    completions, requirements or the directory change."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="statuses")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        StaffGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    last_completed_on = models.DateField(null=True, blank=True)  # None: never trained
    due_on = models.DateField(null=True, blank=True)  # None: done and never expires
    window_opens_on = models.DateField(null=True, blank=True)  # due soon from this day

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Derived from completions; rebuilt, never kept on its own.",
        fields=("staff", "last_completed_on", "due_on"),
    )

    class Meta:
        constraints = [
            # Where two requirements ask for one course, the strictest gives the one
            # status (services.refresh_status).
            models.UniqueConstraint(fields=["staff", "course"], name="status_once_per_course")
        ]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="status_unit_due"),
            models.Index(fields=["due_on"], name="status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} / {self.requirement_id}: due {self.due_on}"


class ImportKind(models.TextChoices):
    STAFF = "staff", "Staff directory (HR export)"
    COMPLETIONS = "completions", "Completions (learning-system export)"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Waiting for column choices"
    INVALID = "invalid", "Has errors: nothing imported"
    QUEUED = "queued", "Waiting to run"
    RUNNING = "running", "Running"
    APPLIED = "applied", "Imported"
    FAILED = "failed", "Failed: nothing imported"


class TrainingImport(models.Model):
    """One uploaded file. Validated in full first; applied all-or-nothing."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    file = models.FileField(storage=private_storage, upload_to="imports/")
    original_name = models.CharField(max_length=200)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # our field -> their column header
    full_file = models.BooleanField(default=False)  # HR: absent staff have left
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [row, column, message], the first 1,000
    counts = models.JSONField(default=dict)  # created, updated, left, ...
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="The uploaded file is deleted once imported; the record is kept a year.",
        fields=("file", "errors", "uploaded_by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.APPLIED else 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_working(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class ReminderSent(models.Model):
    """A reminder already sent: to `recipient` (the staff member, or their line
    manager) about `subject`'s `course` falling due on `due_on`. The unique
    constraint is what makes nobody receive the same reminder twice."""

    recipient = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Deleted two years after sending.",
        fields=("recipient", "subject"),
        schedule=Schedule(
            months=24,
            runs_from="sent_at",
            held_through=(
                ("training.staffmember", "recipient_id"),
                ("training.staffmember", "subject_id"),
            ),
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "subject", "course", "kind", "due_on"],
                name="training_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} about {self.subject_id} to {self.recipient_id}"


# --- The student event-organiser briefing ------------------------------------------
# Students who organise events are briefed (by the regional Prevent co-ordinator, or
# online) before they run one. It is training of a kind, so it lives here; the events
# policy decides when an in-date briefing is required (`selectors.briefing_in_date`).


class BriefingVersion(models.Model):
    """One published text of the briefing. Publishing adds a version; earlier ones
    are kept unchanged, so a completion always says which text the student read.
    The highest `number` is the current version, and its `valid_for_months` and
    `remind_days_before` apply to completions recorded while it is current."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    valid_for_months = models.PositiveSmallIntegerField(default=12)
    remind_days_before = models.PositiveSmallIntegerField(default=30)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=(
            "Kept for good: the record of what students were told. Names the publisher "
            "only (a member of staff acting in their role)."
        ),
        fields=("published_by",),
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_for_months__gte=1), name="briefing_version_valid_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}: {self.title}"


class BriefingMethod(models.TextChoices):
    ONLINE = "online", "Read and confirmed online"
    SESSION = "session", "Attended a briefing session"


class BriefingCompletion(models.Model):
    """A student completed the briefing: read and confirmed a version online, or
    attended a session the students' union recorded. In date until `valid_until`
    (the completion date plus the version's validity, fixed when recorded)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="briefings"
    )
    version = models.ForeignKey(BriefingVersion, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=16, choices=BriefingMethod.choices)
    completed_on = models.DateField()
    valid_until = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Deleted six years after it lapses (the events it allowed may be challenged).",
        fields=("student", "completed_on", "recorded_by"),
        schedule=Schedule(
            months=72, runs_from="valid_until", held_through=(("accounts.user", "student_id"),)
        ),
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [
            models.Index(fields=["student", "valid_until"], name="briefing_student_valid"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "version", "completed_on"], name="briefing_completed_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("completed_on")),
                name="briefing_valid_after_completion",
            ),
        ]

    def __str__(self) -> str:
        return f"Briefing {self.version_id} completed on {self.completed_on}"

    @property
    def audit_label(self) -> str:
        return f"Briefing completion {self.pk}"


class BriefingReminderSent(models.Model):
    """A reminder already sent to a student that their briefing lapses on
    `valid_until`: the unique constraint means one reminder per lapse."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    valid_until = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Deleted two years after sending.",
        fields=("student",),
        schedule=Schedule(
            months=24, runs_from="sent_at", held_through=(("accounts.user", "student_id"),)
        ),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "valid_until"], name="briefing_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Briefing reminder to {self.student_id} for {self.valid_until}"
