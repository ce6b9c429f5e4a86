"""People, the organisational units they work in, and the roles they hold there."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData


class UnitKind(models.TextChoices):
    INSTITUTION = "institution", "Institution"
    FACULTY = "faculty", "Faculty"
    DEPARTMENT = "department", "Department"
    SERVICE = "service", "Professional service"
    STUDENTS_UNION = "students_union", "Students' union"
    SOCIETY = "society", "Society"


class OrgUnit(models.Model):
    """A unit of the institution: the institution itself, a faculty, a department,
    the students' union or one of its societies. Units form a tree.

    `path` is a materialised path ("/1/4/9/"), so "this unit and everything under
    it" is one indexed prefix query. Only `podium.accounts.services` writes it.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="orgunit_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, kind=UnitKind.INSTITUTION)
                | Q(parent__isnull=False) & ~Q(kind=UnitKind.INSTITUTION),
                name="orgunit_institution_is_root",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="orgunit_unique_name_within_parent"
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=UnitKind.INSTITUTION),
                name="orgunit_one_institution",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: OrgUnit) -> bool:
        """True when this unit is `other` or lies below it."""
        return self.path.startswith(other.path)


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalise_email(username or ""))


def normalise_email(email: str) -> str:
    """E-mail addresses are compared without regard to case; we store them lower-cased."""
    return email.strip().lower()


# Titles that may open a full name; a greeting skips them to reach the given name.
HONORIFICS = frozenset(
    [
        "dr",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        "fr",
        "canon",
        "rabbi",
        "imam",
        "cllr",
        "the",
    ]
)


class User(AbstractBaseUser):
    """A person who signs in to Podium. Staff who only appear in training records
    are not users (see the training app)."""

    email = models.EmailField("e-mail address", max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=(
            "Kept while the person has an account; deactivated accounts are kept "
            "for six years after deactivation because they name decision-makers."
        ),
        fields=("email", "full_name", "last_login"),
    )

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.CheckConstraint(condition=Q(email=Lower("email")), name="user_email_lower_case"),
            models.CheckConstraint(
                condition=Q(is_active=True) | Q(deactivated_at__isnull=False),
                name="user_deactivation_dated",
            ),
        ]
        indexes = [models.Index(fields=["full_name", "id"], name="user_by_name")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The name to greet someone by: their given name, never a title alone
        ("Dr Priya Natarajan" → "Priya"; "Dr Okafor" → "Dr Okafor")."""
        words = self.full_name.split()
        while words and words[0].rstrip(".").casefold() in HONORIFICS:
            words = words[1:]
        if len(words) >= 2:
            return words[0]
        return self.full_name.strip() or self.email


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self) -> RoleAssignmentQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A role a person holds over a unit, and optionally over every unit below it.

    Revoking keeps the row (who held what, when, is evidence); only current
    assignments grant anything.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="role_assignments")
    include_descendants = models.BooleanField(
        "also over every unit below it",
        default=True,
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RoleAssignmentQuerySet.as_manager()

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept as long as the person's account: it shows who could decide what, when.",
        fields=("user", "granted_by", "revoked_by"),
    )

    class Meta:
        ordering = ["granted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(revoked_at__isnull=True),
                name="roleassignment_one_current_per_user_role_unit",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("granted_at")),
                name="roleassignment_revoked_after_granted",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "revoked_at"], name="roleassignment_user_current"),
            # The people list's recent grants of deciding roles: those roles' rows only,
            # newest first, not every organiser's assignment.
            models.Index(fields=["role", "-granted_at", "-id"], name="roleassignment_role_granted"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.unit}"

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None


class RoleSecurityPolicy(models.Model):
    """Sign-in rules for everyone holding a role: today, whether two-factor
    authentication is mandatory. One row per role that has ever been set; a role
    without a row has no extra rule."""

    role = models.CharField(max_length=40, choices=Role.choices)
    mfa_required = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept while the policy row exists: it shows which administrator set the rule.",
        fields=("changed_by",),
    )

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["role"], name="rolesecuritypolicy_one_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: MFA {'required' if self.mfa_required else 'optional'}"


class UsedSamlAssertion(models.Model):
    """A SAML assertion that has been presented once, kept until it expires, so it
    can never sign anyone in again (a replay). Only a hash of the assertion's ID is
    stored, with the identity provider's short identifier (podium.accounts.saml)."""

    provider = models.CharField(max_length=100)
    assertion_digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "assertion_digest"], name="usedsamlassertion_once"
            )
        ]

    def __str__(self) -> str:
        return f"SAML assertion {self.assertion_digest[:12]} from {self.provider}"
