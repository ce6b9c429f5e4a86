"""Reads for staff training: status, the dashboard, yearly counts, and whether a
reviewer's training allows them to decide (`training_lapsed_for`).

Status is computed in SQL from the stored due dates and today (`status_case`), so
the dashboard is a handful of grouped queries however many staff there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import OrgUnit
from podium.accounts.roles import Capability
from podium.accounts.selectors import unit_level
from podium.core import academic_year
from podium.core.display import DateText, url_prefix
from podium.core.pagination import Page, keyset_page
from podium.training import access, summaries
from podium.training.briefings.selectors import (  # read by the events policy
    briefed_until as briefed_until,
)
from podium.training.briefings.selectors import (
    briefing_page_url as briefing_page_url,
)
from podium.training.models import (
    Completion,
    Course,
    RequirementStatus,
    ReturnCategory,
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
    # A unit's bar: its counts include the units below it (`below`), and there are
    # units below it with staff to go down to (`drill`).
    below: bool = False
    drill: bool = False

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


@dataclass
class Dashboard:
    today: date
    total: Bar
    by_unit: list[Bar]
    by_group: list[Bar]
    courses: list[Course]
    # The unit whose units below are shown (None: the top of the person's scope),
    # the units above it the person may see, and the page of units shown.
    unit: OrgUnit | None = None
    ancestors: list[OrgUnit] = field(default_factory=list)
    units_page: Page[OrgUnit] | None = None
    at_top: bool = True


# How many units the dashboard shows at a time (the rest a page at a time).
UNIT_ROWS = 50


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _unit_counts(
    units: dict[int, list[int]], paths: dict[int, str], wanted: set[int]
) -> tuple[dict[int, dict[str, int]], set[int], set[int]]:
    """Roll each unit's counts up the tree: for each unit in `wanted`, the counts of
    its staff and of the staff of every unit below it. Also every unit with staff in
    or below it, and every unit with staff below it."""
    rolled: dict[int, list[int]] = {}
    with_staff: set[int] = set()
    with_staff_below: set[int] = set()
    for unit_id, counts in units.items():
        ids = _path_ids(paths[unit_id]) or [unit_id]
        with_staff.update(ids)
        with_staff_below.update(ids[:-1])
        for ancestor in wanted.intersection(ids):
            into = rolled.setdefault(ancestor, [0] * len(counts))
            for i, count in enumerate(counts):
                into[i] += count
    keys = [s.value for s in COUNTED]
    return (
        {pk: dict(zip(keys, counts, strict=True)) for pk, counts in rolled.items()},
        with_staff,
        with_staff_below,
    )


def _add(into: dict[Any, list[int]], key: Any, counts: list[int]) -> None:
    row = into.setdefault(key, [0] * len(counts))
    for i, count in enumerate(counts):
        row[i] += count


def status_cells(scope: Q, today: date, *, course: Course | None = None) -> list[list[Any]]:
    """The status rows in `scope` grouped by (unit, staff group), each with its
    count in each status on `today`: [unit id, unit path, group id, group name,
    *counts in `COUNTED` order] (one grouped query)."""
    rows = RequirementStatus.objects.filter(scope)
    if course is not None:
        rows = rows.filter(course=course)
    aggregates = {s.value: Count("pk", filter=status_q(s, today)) for s in COUNTED}
    return [
        list(row)
        for row in rows.values_list("unit_id", "unit__path", "group_id", "group__name")
        .annotate(**aggregates)
        .order_by()
    ]


def dashboard(
    *,
    user: User | AnonymousUser,
    course: Course | None = None,
    unit: OrgUnit | None = None,
    after: str | None = None,
    before: str | None = None,
) -> Dashboard:
    """The overall counts, by staff group, and by unit a level of the tree at a time:
    the units directly below `unit` (or the top of the person's scope, opened when it
    is one unit), each counting its staff and those of every unit below it, a page
    of `UNIT_ROWS` at a time. The unit's own staff, if any, have a line of their own."""
    today = timezone.localdate()
    staff_in = access.staff_scope(user)
    # One pass over the status rows, grouped by (unit, group); the totals, the units
    # and the groups are sums of those cells, and a unit's units below are found by
    # its path. Over the whole institution and every course, the cells are kept as
    # summary rows (`podium.training.summaries`).
    if staff_in == Q() and course is None:
        cells = summaries.read_status(today)
    else:
        cells = status_cells(staff_in, today, course=course)
    keys = [s.value for s in COUNTED]
    units: dict[int, list[int]] = {}
    by_group: dict[int | None, list[int]] = {}
    paths: dict[int, str] = {}
    groups: dict[int | None, str] = {}
    for unit_id, path, group_id, group_name, *counts in cells:
        _add(units, unit_id, counts)
        _add(by_group, group_id, counts)
        paths[unit_id] = path
        groups[group_id] = group_name or "No staff group"
    total = Bar(label="All staff", key=None, counts=dict.fromkeys(keys, 0))
    for counts in units.values():
        for key, count in zip(keys, counts, strict=True):
            total.counts[key] += count
    _, with_staff, with_staff_below = _unit_counts(units, paths, set())
    scope = permissions.units_where(user, Capability.VIEW_TRAINING).filter(pk__in=with_staff)
    at_top = unit is None
    if unit is None:
        top = list(unit_level(scope, parent=None)[:2])
        unit = top[0] if len(top) == 1 else None
    page = keyset_page(
        unit_level(scope, parent=unit), field="name", after=after, before=before, size=UNIT_ROWS
    )
    shown = {u.pk for u in page.items}
    rolled, _, _ = _unit_counts(units, paths, shown)
    by_unit = [
        Bar(
            label=u.name,
            key=u.pk,
            counts=rolled.get(u.pk, {}),
            below=True,
            drill=u.pk in with_staff_below,
        )
        for u in page.items
    ]
    if unit is not None and page.previous_cursor is None:  # on the first page
        own = dict(zip(keys, units.get(unit.pk, [0] * len(keys)), strict=True))
        if any(own.values()):
            by_unit.insert(0, Bar(label=f"{unit.name} itself", key=unit.pk, counts=own))
    above = _path_ids(unit.path)[:-1] if unit is not None else []
    return Dashboard(
        today=today,
        total=total,
        by_unit=by_unit,
        by_group=sorted(
            (
                Bar(label=groups[pk], key=pk, counts=dict(zip(keys, counts, strict=True)))
                for pk, counts in by_group.items()
            ),
            key=lambda bar: bar.label,
        ),
        courses=list(Course.objects.filter(is_active=True)),
        unit=unit,
        ancestors=list(scope.filter(pk__in=above).order_by("depth")) if above else [],
        units_page=page,
        at_top=at_top,
    )


def unit_table(
    *, user: User | AnonymousUser, course: Course | None = None
) -> Iterator[list[str | int]]:
    """Every unit with staff in the person's scope, with the counts of its own staff:
    the dashboard's whole table, for the CSV export (units above a unit by name)."""
    today = timezone.localdate()
    rows = _statuses(user)
    if course is not None:
        rows = rows.filter(course=course)
    aggregates = {s.value: Count("pk", filter=status_q(s, today)) for s in COUNTED}
    counted = list(
        rows.values("unit_id", "unit__path", "unit__name")
        .annotate(**aggregates)
        .order_by("unit__path")
    )
    above = {i for row in counted for i in _path_ids(row["unit__path"])[:-1]}
    names = dict(OrgUnit.objects.filter(pk__in=above).values_list("pk", "name"))
    for row in counted:
        ids = _path_ids(row["unit__path"])[:-1]
        counts = [row[s.value] for s in COUNTED]
        yield [
            row["unit__name"],
            " / ".join(names.get(i, "") for i in ids),
            *counts,
            sum(counts),
        ]


HOME_SHOWN = (Status.OVERDUE, Status.DUE_SOON, Status.NEVER)


def home_counts(scope: Q, today: date) -> dict[str, int]:
    """The status rows in `scope` overdue, due soon and never done on `today` (one
    query)."""
    return RequirementStatus.objects.filter(scope).aggregate(
        **{s.value: Count("pk", filter=status_q(s, today)) for s in HOME_SHOWN}
    )


def home_figures(*, user: User | AnonymousUser) -> dict[str, int] | None:
    """The training home card: how many requirements in the person's scope are
    overdue, due soon and never done (one query: over the whole institution, today's
    summary row); None without `training.view`."""
    if not permissions.has_capability(user, Capability.VIEW_TRAINING):
        return None
    today = timezone.localdate()
    scope = access.staff_scope(user)
    if scope == Q():
        return summaries.read_home(today)
    return home_counts(scope, today)


@dataclass(frozen=True)
class StatusFilter:
    unit: int | None = None
    group: int | None = None
    course: int | None = None
    status: str = ""
    no_group: bool = False
    # With `unit`: that unit's staff and those of every unit below it.
    below: bool = False


def status_rows(
    *, user: User | AnonymousUser, filters: StatusFilter
) -> QuerySet[RequirementStatus]:
    """The people behind a dashboard number."""
    today = timezone.localdate()
    rows = _statuses(user)
    if filters.unit and filters.below:
        unit = OrgUnit.objects.filter(pk=filters.unit).values_list("path", flat=True).first()
        rows = rows.filter(unit__path__startswith=unit) if unit else rows.none()
    elif filters.unit:
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
    # Only what the staff list and the API's `StaffSummary` show (issue 20): reading
    # another field of a listed staff member costs a query a row.
    people = (
        access.visible_staff(user)
        .select_related("unit", "group")
        .only(
            "id",
            "staff_number",
            "full_name",
            "email",
            "started_on",
            "left_on",
            "unit__id",
            "unit__name",
            "group__id",
            "group__name",
        )
    )
    if not include_left:
        people = people.filter(left_on__isnull=True)
    if search:
        people = people.filter(
            Q(staff_number__istartswith=search)
            | Q(full_name__icontains=search)
            | Q(email__iexact=search)
        )
    return keyset_page(people, field="full_name", after=after, before=before)


def staff_rows(people: Iterable[StaffMember]) -> list[dict[str, Any]]:
    """What each row of the staff list shows, worked out once per list: the staff
    member's page (one `reverse()` a list) and the start date as text (issue 20)."""
    prefix = url_prefix(reverse("training:staff-detail", args=[0]))
    dates = DateText()
    return [
        {
            "url": f"{prefix}{s.pk}/",
            "name": s.full_name,
            "left": bool(s.left_on),
            "number": s.staff_number,
            "unit": s.unit.name,
            "group": (s.group.name if s.group else "") or "–",
            "started": dates.day(s.started_on),
        }
        for s in people
    ]


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


def current_academic_year(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def yearly_counts(*, user: User | AnonymousUser, year: int) -> dict[str, int]:
    """Distinct staff who completed a course of each return category in the year
    (over the whole institution, from the yearly summary rows)."""
    scope = _completion_scope(user)
    if scope == Q():
        return summaries.read_year(year)
    start, end = academic_year.bounds(year)
    rows = Completion.objects.filter(scope).filter(completed_on__gte=start, completed_on__lte=end)
    found = dict(
        rows.values("course__category")
        .annotate(people=Count("staff_id", distinct=True))
        .values_list("course__category", "people")
    )
    return {c.value: found.get(c.value, 0) for c in ReturnCategory}


def return_counts(*, year: int) -> dict[str, int]:
    """Institution-wide, for the regulator's return (podium/reporting): distinct
    staff who completed a course of each return category in the academic year,
    whoever reads the return (the yearly summary rows, `podium.training.summaries`)."""
    return summaries.read_year(year)


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
    start, end = academic_year.bounds(year)
    rows = (
        Completion.objects.filter(_completion_scope(user))
        .filter(completed_on__gte=start, completed_on__lte=end, course__category=category)
        .select_related("staff", "course", "staff__unit")
    )
    return keyset_page(rows, field="id", after=after, before=before)


# --- The dashboards' compliance over time (read by podium.reporting) --------------------


@dataclass(frozen=True)
class UnitCompliance:
    """A top-level unit (or the institution itself, for staff placed at its root):
    at each month end, how many requirements applied and how many were in date."""

    name: str
    path: str
    required: tuple[int, ...]
    in_date: tuple[int, ...]

    def percent(self, index: int) -> float | None:
        """Per cent in date at month end `index` (None: nobody was required)."""
        if not self.required[index]:
            return None
        return round(self.in_date[index] * 100 / self.required[index], 1)


def compliance_by_top_unit(
    *, user: User | AnonymousUser, month_ends: list[date]
) -> list[UnitCompliance]:
    """Training in date at each of `month_ends`, by top-level unit, over the units in
    which the person reads the dashboards. Two queries whatever the number of staff
    or units: the status rows grouped by unit with a count per month end, and the
    top-level units' names; units below the top level add to their top-level unit.

    Built from today's status rows (each person's latest completion of each
    required course): a person counts from the month they started; in date at a
    month end when their latest completion was on or before it and not yet due.
    A person who renewed after that month end is not counted in date for it (their
    earlier completion is not in the status row), and leavers are not counted, so
    past months are a lower bound; the README says so."""
    scope = access.staff_scope(user, Capability.VIEW_DASHBOARDS, prefix="unit__")
    if scope == Q():  # the whole institution: the summary rows of each month end
        tops = summaries.read_compliance(month_ends)
    else:
        tops = compliance_cells(scope, month_ends)
    names = dict(OrgUnit.objects.filter(path__in=tops).values_list("path", "name"))
    return sorted(
        (
            UnitCompliance(names.get(path, path), path, tuple(sums[0]), tuple(sums[1]))
            for path, sums in tops.items()
        ),
        key=lambda unit: unit.name,
    )


def compliance_stamp(*, user: User | AnonymousUser, month_ends: list[date]) -> str | None:
    """The version of what `compliance_by_top_unit` answers this person: the stamp of
    the month ends' summary rows over the whole institution (it changes whenever a
    figure can have, and when a unit is renamed or moved: `accounts.orgunit`). None
    when the figures are counted live (a viewer limited to some units, a month end
    marked or not yet counted)."""
    if access.staff_scope(user, Capability.VIEW_DASHBOARDS, prefix="unit__") != Q():
        return None
    return summaries.compliance_stamp(month_ends)


def compliance_cells(scope: Q, month_ends: list[date]) -> dict[str, list[list[int]]]:
    """For each top-level unit's path (with the staff of the units below it): how
    many requirements applied at each of `month_ends`, and how many were in date
    (one grouped query)."""
    aggregates: dict[str, Any] = {}
    for i, day in enumerate(month_ends):
        there = Q(staff__started_on__lte=day)
        aggregates[f"required_{i}"] = Count("pk", filter=there)
        aggregates[f"in_date_{i}"] = Count(
            "pk",
            filter=there
            & Q(last_completed_on__lte=day)
            & (Q(due_on__isnull=True) | Q(due_on__gte=day)),
        )
    rows = (
        RequirementStatus.objects.filter(scope)
        .values("unit__path")
        .annotate(**aggregates)
        .order_by()
    )
    tops: dict[str, list[list[int]]] = {}
    for row in rows:
        # "/1/4/9/" lies in the top-level unit "/1/4/"; "/1/" is the institution.
        parts = [part for part in row["unit__path"].split("/") if part][:2]
        top = "/" + "".join(f"{part}/" for part in parts)
        sums = tops.setdefault(top, [[0] * len(month_ends), [0] * len(month_ends)])
        for i in range(len(month_ends)):
            sums[0][i] += row[f"required_{i}"]
            sums[1][i] += row[f"in_date_{i}"]
    return tops
