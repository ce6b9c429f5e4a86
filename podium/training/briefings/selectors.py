"""Reads for the student event-organiser briefing.

Who counts as a **student organiser**: Podium's people carry no student/staff
kind, so a student organiser is someone holding the organiser role over a
society or the students' union (`STUDENT_UNIT_KINDS`). The events app adds the
request's own answer ("Student, on behalf of a society") when it decides whether
a submission needs a briefing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import RoleAssignment, UnitKind, User
from podium.accounts.roles import Capability, Role
from podium.core.pagination import Page, keyset_page
from podium.training.models import BriefingCompletion, BriefingVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

STUDENT_UNIT_KINDS = (UnitKind.SOCIETY, UnitKind.STUDENTS_UNION)
DEFAULT_REMIND_DAYS = 30


class BriefingFilter:
    """The list's filters: `briefed`, `not_briefed`, `expiring` (empty: everyone)."""

    BRIEFED = "briefed"
    NOT_BRIEFED = "not_briefed"
    EXPIRING = "expiring"
    CHOICES = ((BRIEFED, "Briefed"), (NOT_BRIEFED, "Not briefed"), (EXPIRING, "Expiring soon"))


def briefing_page_url() -> str:
    """Where a student reads and confirms the briefing (events links to it)."""
    return reverse("training:briefing")


def current_version() -> BriefingVersion | None:
    return BriefingVersion.objects.order_by("-number").first()


def version_on(day: date) -> BriefingVersion | None:
    """The version in force on `day` (the latest published by then; before the
    first was published, the first)."""
    versions = BriefingVersion.objects.order_by("-number")
    in_force = versions.filter(published_at__date__lte=day).first()
    return in_force or versions.last()


def all_versions() -> QuerySet[BriefingVersion]:
    return BriefingVersion.objects.select_related("published_by").order_by("-number")


def remind_days() -> int:
    version = current_version()
    return version.remind_days_before if version else DEFAULT_REMIND_DAYS


def briefed_until(user: User | AnonymousUser) -> date | None:
    """The last day the person's briefing is in date (None: never briefed)."""
    if not user.is_authenticated:
        return None
    latest = (
        BriefingCompletion.objects.filter(student_id=user.pk)
        .order_by("-valid_until")
        .values_list("valid_until", flat=True)
        .first()
    )
    return latest


def briefing_in_date(user: User | AnonymousUser, today: date | None = None) -> bool:
    """True when the person holds a briefing valid today."""
    until = briefed_until(user)
    return until is not None and until >= (today or timezone.localdate())


def latest_completion(user: User | AnonymousUser) -> BriefingCompletion | None:
    if not user.is_authenticated:
        return None
    return (
        BriefingCompletion.objects.filter(student_id=user.pk)
        .select_related("version")
        .order_by("-valid_until", "-pk")
        .first()
    )


def _organiser_assignments(scope: Q) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.current().filter(
        scope, role=Role.ORGANISER, unit__kind__in=STUDENT_UNIT_KINDS, unit__is_active=True
    )


def is_student_organiser(user: User | AnonymousUser) -> bool:
    """Whether the person organises for a society or the students' union: from the
    role assignments read once per request (no query of its own)."""
    return any(
        a.role == Role.ORGANISER and a.unit.kind in STUDENT_UNIT_KINDS and a.unit.is_active
        for a in permissions.current_assignments(user)
    )


def _scope(viewer: User | AnonymousUser, capability: Capability) -> Q:
    if permissions.can_institution_wide(viewer, capability):
        return Q()
    return permissions.unit_scope(viewer, capability, prefix="unit__")


def student_organisers(
    viewer: User | AnonymousUser, capability: Capability = Capability.VIEW_BRIEFINGS
) -> QuerySet[User]:
    """Active student organisers of the societies and students' union units in the
    viewer's scope, each with `briefed_until` (their latest briefing's last day)."""
    assignments = _organiser_assignments(_scope(viewer, capability))
    latest = (
        BriefingCompletion.objects.filter(student=OuterRef("pk"))
        .order_by("-valid_until")
        .values("valid_until")[:1]
    )
    return User.objects.filter(
        Exists(assignments.filter(user=OuterRef("pk"))), is_active=True
    ).annotate(briefed_until=Subquery(latest))


@dataclass(frozen=True)
class Counts:
    briefed: int
    not_briefed: int
    expiring: int


def _filtered(people: QuerySet[User], status: str, today: date, window: int) -> QuerySet[User]:
    return people.filter(_status_q(status, today, window))


def organiser_page(
    *,
    viewer: User | AnonymousUser,
    status: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Page[User]:
    """One page of student organisers by name, filtered by briefing status, each
    with the societies they organise for (`organiser_units`, one query a page)."""
    today = timezone.localdate()
    scope = _scope(viewer, Capability.VIEW_BRIEFINGS)
    people = _filtered(student_organisers(viewer), status, today, remind_days()).prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=_organiser_assignments(scope).select_related("unit").order_by("unit__name"),
            to_attr="organiser_units",
        )
    )
    return keyset_page(people, field="full_name", after=after, before=before)


def _status_q(status: str, today: date, window: int) -> Q:
    """The people of `student_organisers` in `status` (by their `briefed_until`)."""
    if status == BriefingFilter.BRIEFED:
        return Q(briefed_until__gte=today)
    if status == BriefingFilter.NOT_BRIEFED:
        return Q(briefed_until__isnull=True) | Q(briefed_until__lt=today)
    if status == BriefingFilter.EXPIRING:
        return Q(briefed_until__gte=today) & Q(briefed_until__lte=today + timedelta(days=window))
    return Q()


def counts(viewer: User | AnonymousUser) -> Counts:
    """The three figures of the briefing card in one pass over the organisers (the
    same people each filter of `organiser_page` lists)."""
    today = timezone.localdate()
    window = remind_days()
    figures = student_organisers(viewer).aggregate(
        **{
            name: Count("pk", filter=_status_q(status, today, window))
            for name, status in (
                ("briefed", BriefingFilter.BRIEFED),
                ("not_briefed", BriefingFilter.NOT_BRIEFED),
                ("expiring", BriefingFilter.EXPIRING),
            )
        }
    )
    return Counts(**figures)


def find_student_organiser(viewer: User | AnonymousUser, email: str) -> User | None:
    """The student organiser with this e-mail address among those whose briefing
    the viewer may record (None: no such person in their scope)."""
    email = email.replace("\x00", "").strip().lower()
    if not email:
        return None
    return student_organisers(viewer, Capability.MANAGE_BRIEFINGS).filter(email=email).first()


def due_reminders(today: date) -> QuerySet[BriefingCompletion]:
    """Each student organiser's latest completion that lapses within the current
    version's reminder window and that no later completion replaces."""
    window = remind_days()
    later = BriefingCompletion.objects.filter(
        student=OuterRef("student"), valid_until__gt=OuterRef("valid_until")
    )
    organisers = _organiser_assignments(Q()).filter(user=OuterRef("student"))
    return (
        BriefingCompletion.objects.filter(
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=window),
            student__is_active=True,
        )
        .filter(Exists(organisers))
        .exclude(Exists(later))
        .select_related("student")
    )
