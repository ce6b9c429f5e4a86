"""Training's counts kept as data (`podium.core.summaries`), over the whole
institution (a viewer limited to some units is counted live):

- `training.yearly`, key "YYYY" (the academic year starting 1 August YYYY): distinct
  staff who completed a course of each return category (the return, the yearly
  counts page). Moved by completions recorded or imported (their years), a
  course's category, and retention (every year).
- `training.status`, key today's date: the status rows grouped by unit and staff
  group, counted as on that day (the training dashboard's one grouped pass).
- `training.compliance`, key a month end's date: required and in date at that
  day, by top-level unit (the compliance dashboard).
- `training.home`, key today's date: the requirements overdue, due soon and never
  done on that day (the home page's training card of an institution-wide viewer:
  three numbers, where the status row holds every (unit, group) cell).

The last three follow every status row, so any change of status (`refresh_status`,
through which every completion, requirement, course and staff change goes), a
staff group's name or the unit tree marks every key: after a single change they
are counted again once it commits; after a bulk change (an import, the nightly
refresh) by the worker's job within the minute; until then pages count live.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from podium.core import academic_year, summaries

YEARLY = "training.yearly"
STATUS = "training.status"
COMPLIANCE = "training.compliance"
HOME = "training.home"
STATUS_KINDS = (STATUS, COMPLIANCE, HOME)
# Fewer people than this changed at once: the statuses are counted again after
# the commit; more (an import, the nightly refresh): by the worker's job.
EAGER_LIMIT = 100
TOPICS = frozenset(
    {
        "training.completion",
        "training.staffmember",
        "training.requirementstatus",
        "training.course",
        "training.staffgroup",
        "accounts.orgunit",
    }
)


# --- Yearly completions ---------------------------------------------------------------


def _recount_years(keys: list[str]) -> dict[str, Any]:
    from podium.training.models import Completion, ReturnCategory  # models load first

    where = Q(pk__in=[])
    for key in keys:
        start, end = academic_year.bounds(int(key))
        where |= Q(completed_on__gte=start, completed_on__lte=end)
    found: dict[str, dict[str, int]] = {key: {} for key in keys}
    rows = (
        Completion.objects.filter(where)
        .annotate(year=_academic_year_of("completed_on"))
        .values("year", "course__category")
        .annotate(people=Count("staff_id", distinct=True))
        .values_list("year", "course__category", "people")
        .order_by()
    )
    for year, category, people in rows:
        found[str(year)][category] = people
    return {key: {c.value: found[key].get(c.value, 0) for c in ReturnCategory} for key in keys}


def _academic_year_of(field: str) -> Any:
    """The academic year a date falls in, in SQL: its year, less one before August."""
    from django.db.models import Case, IntegerField, When
    from django.db.models.functions import ExtractYear

    return Case(
        When(**{f"{field}__month__gte": 8}, then=ExtractYear(field)),
        default=ExtractYear(field) - 1,
        output_field=IntegerField(),
    )


def _every_year() -> set[str]:
    from podium.training.models import Completion  # models load first

    return {
        str(year)
        for year in Completion.objects.annotate(year=_academic_year_of("completed_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    }


def _empty_year() -> dict[str, int]:
    from podium.training.models import ReturnCategory  # models load first

    return {c.value: 0 for c in ReturnCategory}


def mark(name: str) -> None:
    """Every key of `name` may differ from a recount (counted again after the commit)."""
    summaries.mark(name)


def read_year(year: int) -> dict[str, int]:
    value: dict[str, int] = summaries.read(YEARLY, [str(year)])[str(year)]
    return value


def completions_changed(days: set[date] | list[date], *, refresh: bool = True) -> None:
    """In the caller's transaction: completions on `days` were recorded or removed."""
    summaries.mark(YEARLY, {str(academic_year.start_of(day)) for day in days}, refresh=refresh)


# --- Status rows ----------------------------------------------------------------------


def _recount_status(keys: list[str]) -> dict[str, Any]:
    from podium.training import selectors  # the selectors read these rows

    return {key: selectors.status_cells(Q(), date.fromisoformat(key)) for key in keys}


def _recount_compliance(keys: list[str]) -> dict[str, Any]:
    from podium.training import selectors  # the selectors read these rows

    days = [date.fromisoformat(key) for key in keys]
    tops = selectors.compliance_cells(Q(), days)
    return {
        key: {top: [sums[0][i], sums[1][i]] for top, sums in tops.items()}
        for i, key in enumerate(keys)
    }


def _recount_home(keys: list[str]) -> dict[str, Any]:
    from podium.training import selectors  # the selectors read these rows

    return {key: selectors.home_counts(Q(), date.fromisoformat(key)) for key in keys}


def _month_ends_this_year() -> list[str]:
    """This academic year's month ends so far (today for this month)."""
    today = timezone.localdate()
    ends, first = [], date(academic_year.start_of(today), 8, 1)
    while first <= today:
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        ends.append(min(following - timedelta(days=1), today).isoformat())
        first = following
    return ends


def statuses_changed(count: int | None) -> None:
    """In the caller's transaction: the status rows of `count` people (None: all)
    were written again."""
    eager = count is not None and count < EAGER_LIMIT
    for name in STATUS_KINDS:
        summaries.mark(name, refresh=eager)


def register() -> None:
    summaries.register(
        summaries.SummaryKind(
            name=YEARLY,
            recount=_recount_years,
            keys=_every_year,
            empty=_empty_year,
            depends_on=frozenset(
                {"training.completion", "training.staffmember", "training.course"}
            ),
        )
    )
    summaries.register(
        summaries.SummaryKind(
            name=STATUS,
            recount=_recount_status,
            keys=lambda: [timezone.localdate().isoformat()],
            empty=list,
            depends_on=TOPICS,
            complete=False,
        )
    )
    summaries.register(
        summaries.SummaryKind(
            name=COMPLIANCE,
            recount=_recount_compliance,
            keys=_month_ends_this_year,
            empty=dict,
            depends_on=TOPICS,
            complete=False,
        )
    )
    summaries.register(
        summaries.SummaryKind(
            name=HOME,
            recount=_recount_home,
            keys=lambda: [timezone.localdate().isoformat()],
            empty=dict,
            depends_on=TOPICS,
            complete=False,
        )
    )


def read_home(today: date) -> dict[str, int]:
    """`selectors.home_counts` over the whole institution on `today`."""
    value: dict[str, int] = summaries.read(HOME, [today.isoformat()])[today.isoformat()]
    return value


def read_status(today: date) -> list[list[Any]]:
    """The status cells on `today` over the whole institution (`selectors.status_cells`)."""
    cells: list[list[Any]] = summaries.read(STATUS, [today.isoformat()])[today.isoformat()]
    return cells


def compliance_stamp(days: list[date]) -> str | None:
    """The version of what `read_compliance(days)` answers (`podium.core.summaries.stamp`)."""
    return summaries.stamp(COMPLIANCE, [day.isoformat() for day in days])


def read_compliance(days: list[date]) -> dict[str, list[list[int]]]:
    """`selectors.compliance_cells` over the whole institution, from the rows of each day."""
    values = summaries.read(COMPLIANCE, [day.isoformat() for day in days])
    tops: dict[str, list[list[int]]] = {}
    for i, day in enumerate(days):
        for top, (required, in_date) in values[day.isoformat()].items():
            sums = tops.setdefault(top, [[0] * len(days), [0] * len(days)])
            sums[0][i], sums[1][i] = required, in_date
    return tops
