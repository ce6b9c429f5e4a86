"""Reads for staff training: status, the dashboard, yearly counts, and whether a
reviewer's training allows them to decide (`training_lapsed_for`).

Status is computed in SQL from the stored due dates and today (`status_case`), so
the dashboard is a handful of grouped queries however many staff there are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import OrgUnit
from podium.accounts.roles import Capability
from podium.core.pagination import Page, keyset_page
from podium.training import access
from podium.training.models import (
    Completion,
    Course,
    RequirementStatus,
    ReturnCategory,
    StaffGroup,
    StaffMember,
)
from podium.training.rules import Status, in_date

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

COUNTED = [Status.COMPLIANT, Status.DUE_SOON, Status.OVERDUE, Status.NEVER]


def status_q(status: str, today: date) -> Q:
    """Rows of `RequirementStatus` in `status` on `today`."""
    if status == Status.NEVER:
        return Q(last_completed_on__isnull=True)
    done = Q(last_completed_on__isnull=False)
    if status == Status.OVERDUE:
        return done & Q(due_on__lt=today)
    if status == Status.DUE_SOON:
        return done & Q(due_on__gte=today, window_opens_on__lte=today)
    if status == Status.COMPLIANT:
        return done & (Q(due_on__isnull=True) | Q(window_opens_on__gt=today))
    return Q(pk__in=[])


def status_case(today: date) -> Case:
    return Case(
        *[When(status_q(s, today), then=Value(s.value)) for s in COUNTED],
        default=Value(Status.NOT_REQUIRED.value),
        output_field=CharField(),
    )


def _statuses(user: User | AnonymousUser) -> QuerySet[RequirementStatus]:
    return RequirementStatus.objects.filter(access.staff_scope(user))


@dataclass
class Bar:
    label: str
    key: Any
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, status: str) -> int:
        return round(self.counts.get(status, 0) * 100 / self.total) if self.total else 0

    @property
    def segments(self) -> list[tuple[str, str, int, int, int]]:
        """(status, label, count, percent, bar width in whole per cent). Widths are
        cut at rounded running totals, so a full bar always adds up to 100."""
        result, running, cut = [], 0, 0
        for s in COUNTED:
            count = self.counts.get(s, 0)
            running += count
            edge = round(running * 100 / self.total) if self.total else 0
            result.append((s.value, s.label, count, self.percent(s), edge - cut))
            cut = edge
        return result


def _bars(
    cells: dict[tuple[int, int | None], dict[str, int]], index: int, names: dict[Any, str]
) -> list[Bar]:
    """Sum the (unit, group) cells into one bar per unit (index 0) or group (1)."""
    bars: dict[Any, Bar] = {}
    for key, counts in cells.items():
        bar = bars.setdefault(
            key[index],
            Bar(label=names.get(key[index], "No staff group"), key=key[index], counts={}),
        )
        for status, count in counts.items():
            bar.counts[status] = bar.counts.get(status, 0) + count
    return sorted(bars.values(), key=lambda bar: bar.label)


@dataclass
class Dashboard:
    today: date
    total: Bar
    by_unit: list[Bar]
    by_group: list[Bar]
    courses: list[Course]


def dashboard(*, user: User | AnonymousUser, course: Course | None = None) -> Dashboard:
    today = timezone.localdate()
    rows = _statuses(user)
    if course is not None:
        rows = rows.filter(course=course)
    # One pass over the status rows, grouped by (unit, group); the totals, the units
    # and the groups are sums of those cells.
    aggregates = {s.value: Count("pk", filter=status_q(s, today)) for s in COUNTED}
    cells = {
        (row["unit_id"], row["group_id"]): {s.value: row[s.value] for s in COUNTED}
        for row in rows.values("unit_id", "group_id").annotate(**aggregates).order_by()
    }
    units = dict(OrgUnit.objects.filter(pk__in={k[0] for k in cells}).values_list("pk", "name"))
    groups = dict(
        StaffGroup.objects.filter(pk__in={k[1] for k in cells if k[1]}).values_list("pk", "name")
    )
    total = Bar(label="All staff", key=None, counts={s.value: 0 for s in COUNTED})
    for counts in cells.values():
        for status, count in counts.items():
            total.counts[status] += count
    return Dashboard(
        today=today,
        total=total,
        by_unit=_bars(cells, 0, units),
        by_group=_bars(cells, 1, groups),
        courses=list(Course.objects.filter(is_active=True)),
    )


def home_figures(*, user: User | AnonymousUser) -> dict[str, int] | None:
    """The training home card: how many requirements in the person's scope are
    overdue, due soon and never done (one query); None without `training.view`."""
    if not permissions.has_capability(user, Capability.VIEW_TRAINING):
        return None
    today = timezone.localdate()
    shown = (Status.OVERDUE, Status.DUE_SOON, Status.NEVER)
    return _statuses(user).aggregate(
        **{s.value: Count("pk", filter=status_q(s, today)) for s in shown}
    )


@dataclass(frozen=True)
class StatusFilter:
    unit: int | None = None
    group: int | None = None
    course: int | None = None
    status: str = ""
    no_group: bool = False


def status_rows(
    *, user: User | AnonymousUser, filters: StatusFilter
) -> QuerySet[RequirementStatus]:
    """The people behind a dashboard number."""
    today = timezone.localdate()
    rows = _statuses(user)
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.no_group:
        rows = rows.filter(group__isnull=True)
    elif filters.group:
        rows = rows.filter(group_id=filters.group)
    if filters.course:
        rows = rows.filter(course_id=filters.course)
    if filters.status in Status.values:
        rows = rows.filter(status_q(filters.status, today))
    return rows.annotate(status=status_case(today)).select_related(
        "staff", "unit", "group", "course"
    )


def status_page(
    *, user: User | AnonymousUser, filters: StatusFilter, after: str | None, before: str | None
) -> Page[RequirementStatus]:
    return keyset_page(
        status_rows(user=user, filters=filters), field="staff_id", after=after, before=before
    )


def staff_page(
    *,
    user: User | AnonymousUser,
    search: str = "",
    include_left: bool = False,
    after: str | None = None,
    before: str | None = None,
) -> Page[StaffMember]:
    search = search.replace("\x00", "").strip()
    people = access.visible_staff(user).select_related("unit", "group")
    if not include_left:
        people = people.filter(left_on__isnull=True)
    if search:
        people = people.filter(
            Q(staff_number__istartswith=search)
            | Q(full_name__icontains=search)
            | Q(email__iexact=search)
        )
    return keyset_page(people, field="full_name", after=after, before=before)


def statuses_of(staff: StaffMember) -> list[RequirementStatus]:
    today = timezone.localdate()
    return list(
        RequirementStatus.objects.filter(staff=staff)
        .annotate(status=status_case(today))
        .select_related("course", "requirement__group")
        .order_by("course__name")
    )


def completions_of(staff: StaffMember) -> list[Completion]:
    return list(Completion.objects.filter(staff=staff).select_related("course", "recorded_by"))


def reminders_due(*, today: date) -> Iterator[RequirementStatus]:
    """Active staff whose training is inside its renewal window or overdue."""
    return (
        RequirementStatus.objects.filter(
            due_on__isnull=False, window_opens_on__lte=today, staff__left_on__isnull=True
        )
        .select_related("staff", "staff__line_manager", "course")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )


# --- Training-aware permissions ------------------------------------------------------


def courses_required_to_decide() -> list[Course]:
    return list(Course.objects.filter(required_to_decide=True, is_active=True))


def training_lapsed_for(user: User) -> list[Course]:
    """The courses an administrator requires of decision-makers that this person
    does not hold in date today (empty: they may decide). A person with no current
    staff record holds none of them."""
    # One query: each required course with this person's latest completion of it
    # while they are current staff (none: never trained, or no staff record).
    latest = (
        Completion.objects.filter(
            course=OuterRef("pk"), staff__user=user, staff__left_on__isnull=True
        )
        .order_by("-completed_on")
        .values("completed_on")[:1]
    )
    required = Course.objects.filter(required_to_decide=True, is_active=True).annotate(
        latest=Subquery(latest)
    )
    today = timezone.localdate()
    return [c for c in required if not in_date(c.latest, c.validity_months, today)]


# --- The regulator's numbers -----------------------------------------------------------


def academic_year(year: int) -> tuple[date, date]:
    """Academic year `year` runs 1 August `year` to 31 July `year + 1`."""
    return date(year, 8, 1), date(year + 1, 7, 31)


def current_academic_year(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def yearly_counts(*, user: User | AnonymousUser, year: int) -> dict[str, int]:
    """Distinct staff who completed a course of each return category in the year."""
    start, end = academic_year(year)
    rows = Completion.objects.filter(_completion_scope(user)).filter(
        completed_on__gte=start, completed_on__lte=end
    )
    found = dict(
        rows.values("course__category")
        .annotate(people=Count("staff_id", distinct=True))
        .values_list("course__category", "people")
    )
    return {c.value: found.get(c.value, 0) for c in ReturnCategory}


def return_counts(*, year: int) -> dict[str, int]:
    """Institution-wide, for the regulator's return (podium/reporting): distinct
    staff who completed a course of each return category in the academic year,
    whoever reads the return."""
    start, end = academic_year(year)
    found = dict(
        Completion.objects.filter(completed_on__gte=start, completed_on__lte=end)
        .values("course__category")
        .annotate(people=Count("staff_id", distinct=True))
        .values_list("course__category", "people")
    )
    return {c.value: found.get(c.value, 0) for c in ReturnCategory}


def may_read_completions(user: User | AnonymousUser) -> bool:
    """Whether the person may open the completions behind a yearly number."""
    return permissions.has_capability(user, Capability.VIEW_TRAINING)


def _completion_scope(user: User | AnonymousUser) -> Q:
    return access.staff_scope(user, Capability.VIEW_TRAINING, prefix="staff__unit__")


def year_completions(
    *,
    user: User | AnonymousUser,
    year: int,
    category: str,
    after: str | None = None,
    before: str | None = None,
) -> Page[Completion]:
    start, end = academic_year(year)
    rows = (
        Completion.objects.filter(_completion_scope(user))
        .filter(completed_on__gte=start, completed_on__lte=end, course__category=category)
        .select_related("staff", "course", "staff__unit")
    )
    return keyset_page(rows, field="id", after=after, before=before)
