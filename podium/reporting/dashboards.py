"""The Prevent dashboards: charts of an academic year (1 August to 31 July) for the
Prevent lead, the head of security, the governing body and the auditor.

Each dashboard reads the other apps only through their selectors (one grouped
query per chart, whatever the number of requests) and draws with the chart kit in
`podium.core.charts`. Who may see which dashboard is said once, in `DASHBOARDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core import fragments
from podium.core.academic_year import label as year_label
from podium.core.academic_year import midnight, start_of
from podium.core.charts import Chart, Series, bar_chart, line_chart
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.events import selectors as events
from podium.training import selectors as training

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

# How many academic years the year chooser offers, counting back from this one.
YEARS_OFFERED = 10
# The training chart draws the institution and this many top-level units, those
# least in date at the last month end; the table below it lists every one.
TRAINING_LINES = 5
# The second training chart draws every top-level unit up to this many; past it (a
# national institution has thousands), the this-many least in date, so the page stays
# bounded (issue 20: 2,000 units drew a 2.7 MB page in 5.6 s). The training dashboard
# lists every unit, paged.
TRAINING_ALL_LINES = 40

MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Request statuses (podium.events) as the outcome series of the requests chart; a
# test checks every status is in exactly one.
OUTCOMES: tuple[tuple[str, frozenset[str]], ...] = (
    ("Approved", frozenset({"approved"})),
    ("With conditions", frozenset({"approved_with_conditions"})),
    ("Rejected", frozenset({"rejected"})),
    ("Withdrawn or cancelled", frozenset({"withdrawn", "cancelled"})),
    ("Lapsed", frozenset({"lapsed"})),
    ("Still open", frozenset({"draft", "in_review", "information_requested", "appealed"})),
)
APPEAL_OUTCOMES = (
    ("Awaiting a decision", "lodged"),
    ("Upheld", "upheld"),
    ("Dismissed", "dismissed"),
)
TURNAROUND = (("Within the step deadlines", "in_time"), ("After a step deadline passed", "late"))


# --- The academic year ------------------------------------------------------------------


@dataclass(frozen=True)
class Year:
    """Academic year `start` runs 1 August `start` to 31 July `start + 1`. `months` are
    the firsts of its months up to this month (none in the future)."""

    start: int
    months: tuple[date, ...]

    @property
    def label(self) -> str:
        return year_label(self.start)

    @property
    def begins(self) -> datetime:
        return midnight(date(self.start, 8, 1))

    @property
    def ends(self) -> datetime:
        """The first moment after the year (or after today, in the current year)."""
        last = self.months[-1]
        following = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
        return midnight(following)

    @property
    def short_months(self) -> list[str]:
        return [MONTH_SHORT[m.month - 1] for m in self.months]

    @property
    def long_months(self) -> list[str]:
        return [f"{m:%B %Y}" for m in self.months]

    def month_ends(self, today: date) -> list[date]:
        """The last day of each month (today, for this month)."""
        ends = []
        for first in self.months:
            following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            ends.append(min(following - timedelta(days=1), today))
        return ends


def academic_year(start: int, today: date) -> Year:
    months = []
    for i in range(12):
        month = date(start + (7 + i) // 12, (7 + i) % 12 + 1, 1)
        if month > today:
            break
        months.append(month)
    return Year(start, tuple(months))


def chosen_year(value: str | None, today: date) -> Year:
    """The year in `?year=`, or this academic year when it is missing or not one offered."""
    current = start_of(today)
    offered = range(current - YEARS_OFFERED + 1, current + 1)
    start = int(value) if value and value.isascii() and value.isdigit() else current
    return academic_year(start if start in offered else current, today)


# --- The dashboards ---------------------------------------------------------------------


def _counts(rows: list[events.MonthCount], year: Year, keys: frozenset[str]) -> tuple[int, ...]:
    index = {month: i for i, month in enumerate(year.months)}
    values = [0] * len(year.months)
    for row in rows:
        if row.key in keys and row.month in index:
            values[index[row.month]] += row.count
    return tuple(values)


def _requests(user: User, year: Year) -> list[Chart]:
    rows = events.requests_by_month(user=user, start=year.begins, end=year.ends)
    series = [Series(name, _counts(rows, year, keys)) for name, keys in OUTCOMES]
    return [
        bar_chart(
            chart_id="requests",
            title=f"Event requests submitted each month, {year.label}, by outcome today",
            categories=year.short_months,
            full_categories=year.long_months,
            series=series,
            stacked=True,
        )
    ]


def _notice(user: User, year: Year) -> list[Chart]:
    rows = events.notice_by_month(user=user, start=year.begins, end=year.ends)
    series = [
        Series(name, _counts(rows, year, frozenset({key})))
        for key, name in events.NOTICE_KEYS.items()
    ]
    given: list[float | None] = []
    required: list[float | None] = []
    for month in year.months:
        in_month = [r for r in rows if r.month == month]
        noticed = sum(r.noticed for r in in_month)
        given.append(round(sum(r.given for r in in_month) / noticed, 1) if noticed else None)
        required.append(round(sum(r.required for r in in_month) / noticed, 1) if noticed else None)
    return [
        bar_chart(
            chart_id="notice",
            title=f"Notice given against notice required, {year.label}",
            categories=year.short_months,
            full_categories=year.long_months,
            series=series,
            stacked=True,
        ),
        line_chart(
            chart_id="notice-days",
            title=f"Average working days of notice, given and required, {year.label}",
            categories=year.short_months,
            full_categories=year.long_months,
            series=[Series("Given", tuple(given)), Series("Required", tuple(required))],
        ),
    ]


def _turnaround(user: User, year: Year) -> list[Chart]:
    rows = events.decisions_by_month(user=user, start=year.begins, end=year.ends)
    series = [Series(name, _counts(rows, year, frozenset({key}))) for name, key in TURNAROUND]
    in_time, late = series[0].values, series[1].values
    share = tuple(
        round((a or 0) * 100 / ((a or 0) + (b or 0)), 1) if (a or 0) + (b or 0) else None
        for a, b in zip(in_time, late, strict=True)
    )
    return [
        bar_chart(
            chart_id="turnaround",
            title=f"Decisions each month against the review step deadlines, {year.label}",
            categories=year.short_months,
            full_categories=year.long_months,
            series=series,
            stacked=True,
        ),
        line_chart(
            chart_id="turnaround-share",
            title=f"Share of decisions made within the step deadlines, {year.label}",
            categories=year.short_months,
            full_categories=year.long_months,
            series=[Series("Within the deadlines", share)],
            unit="%",
            fixed_max=100,
        ),
    ]


def _appeals(user: User, year: Year) -> list[Chart]:
    rows = events.appeals_by_month(user=user, start=year.begins, end=year.ends)
    series = [Series(name, _counts(rows, year, frozenset({key}))) for name, key in APPEAL_OUTCOMES]
    return [
        bar_chart(
            chart_id="appeals",
            title=f"Appeals lodged each month, {year.label}, by outcome",
            categories=year.short_months,
            full_categories=year.long_months,
            series=series,
        )
    ]


def _training(user: User, year: Year) -> list[Chart]:
    today = timezone.localdate()
    units = training.compliance_by_top_unit(user=user, month_ends=year.month_ends(today))
    n = len(year.months)
    required = [sum(u.required[i] for u in units) for i in range(n)]
    in_date = [sum(u.in_date[i] for u in units) for i in range(n)]
    whole = tuple(
        round(in_date[i] * 100 / required[i], 1) if required[i] else None for i in range(n)
    )
    last = n - 1
    # The units least in date at the last month end (nobody required: last).
    lowest = sorted(units, key=lambda u: (u.percent(last) is None, u.percent(last) or 0, u.name))
    drawn = [Series("Whole institution", whole)] + [
        Series(u.name, tuple(u.percent(i) for i in range(n))) for u in lowest[:TRAINING_LINES]
    ]
    listed = units if len(units) <= TRAINING_ALL_LINES else lowest[:TRAINING_ALL_LINES]
    every = [Series(u.name, tuple(u.percent(i) for i in range(n))) for u in listed]
    every_title = (
        f"Every top-level unit: required training in date, {year.label}"
        if len(listed) == len(units)
        else f"The {len(listed)} top-level units least in date (of {len(units)}): "
        f"required training in date, {year.label}"
    )
    charts = [
        line_chart(
            chart_id="training",
            title=f"Required training in date at each month end, {year.label}",
            categories=year.short_months,
            full_categories=year.long_months,
            series=drawn,
            unit="%",
            fixed_max=100,
        )
    ]
    if len(units) > TRAINING_LINES:
        charts.append(
            line_chart(
                chart_id="training-all",
                title=every_title,
                categories=year.short_months,
                full_categories=year.long_months,
                series=every,
                unit="%",
                fixed_max=100,
            )
        )
    return charts


def _events_stamp(section: str) -> Callable[[User, Year], str | None]:
    def stamp(user: User, year: Year) -> str | None:
        return events.dashboard_stamp(user=user, section=section, start=year.begins, end=year.ends)

    return stamp


def _training_stamp(user: User, year: Year) -> str | None:
    return training.compliance_stamp(user=user, month_ends=year.month_ends(timezone.localdate()))


@dataclass(frozen=True)
class Dashboard:
    """`charts` draws the dashboard for a person and a year; `stamp` answers the
    version of the figures it draws for them (None: counted live, for this person's
    scope alone), by which its drawing is kept (`podium.core.fragments`)."""

    slug: str
    title: str
    about: str
    capability: Capability
    charts: Callable[[User, Year], list[Chart]]
    stamp: Callable[[User, Year], str | None]

    @property
    def url_name(self) -> str:
        return f"reporting:dashboard-{self.slug}"


DASHBOARDS = (
    Dashboard(
        "requests",
        "Event requests by outcome",
        "Requests submitted each month, by what became of them.",
        Capability.VIEW_DASHBOARDS,
        _requests,
        _events_stamp("requests"),
    ),
    Dashboard(
        "notice",
        "Notice and late submissions",
        "Whether requests gave the working days of notice their event type requires.",
        Capability.VIEW_DASHBOARDS,
        _notice,
        _events_stamp("notice"),
    ),
    Dashboard(
        "turnaround",
        "Review turnaround",
        "Decisions made within the review steps' deadlines, and after one passed.",
        Capability.VIEW_DASHBOARDS,
        _turnaround,
        _events_stamp("decisions"),
    ),
    Dashboard(
        "appeals",
        "Appeals and their outcomes",
        "Appeals lodged each month, upheld, dismissed or awaiting a decision.",
        Capability.VIEW_DASHBOARDS,
        _appeals,
        _events_stamp("appeals"),
    ),
    Dashboard(
        "training",
        "Training compliance by unit",
        "Required Prevent training in date at each month end, by top-level unit.",
        Capability.VIEW_TRAINING_DASHBOARD,
        _training,
        _training_stamp,
    ),
)


def dashboards_for(user: User | AnonymousUser) -> list[Dashboard]:
    return [d for d in DASHBOARDS if permissions.has_capability(user, d.capability)]


def _year_context(request: HttpRequest, year: Year, today: date) -> dict[str, Any]:
    """The year chooser and the dashboards' navigation, their links made here once."""
    current = start_of(today)
    query = f"?year={year.start}"
    readable = dashboards_for(request.user)
    return {
        "year": year,
        "years": [
            (start, year_label(start), start == year.start)
            for start in range(current, current - YEARS_OFFERED, -1)
        ],
        "index_url": reverse("reporting:dashboard-index") + query,
        "dashboards": readable,
        "links": [(d, reverse(d.url_name) + query) for d in readable],
    }


@require_GET
@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    """The dashboards this person may read, for a chosen year."""
    permissions.require(request.user, Capability.VIEW_DASHBOARDS)
    today = timezone.localdate()
    year = chosen_year(request.GET.get("year"), today)
    return render(request, "reporting/dashboards/index.html", _year_context(request, year, today))


def _dashboard_view(dashboard: Dashboard) -> Callable[[HttpRequest], HttpResponse]:
    @require_GET
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        permissions.require(request.user, dashboard.capability)
        today = timezone.localdate()
        year = chosen_year(request.GET.get("year"), today)
        user: User = request.user  # type: ignore[assignment]
        drawn: list[Chart] = []

        def draw() -> str:
            drawn.extend(dashboard.charts(user, year))
            return render_to_string("reporting/dashboards/_charts.html", {"charts": drawn})

        # The charts and their tables are the same for everyone whose figures have the
        # same version: those of the whole institution (a stamp), for this day and year.
        # A viewer limited to some units has no stamp (the selectors count them live):
        # drawn for them alone, each time, and never kept, whatever a stamp says.
        whole = permissions.can_institution_wide(user, Capability.VIEW_DASHBOARDS)
        version = dashboard.stamp(user, year) if whole else None
        parts = ("dashboard", dashboard.slug, "institution", year.start, today.isoformat())
        readable = dashboards_for(user)

        def draw_content() -> str:
            context = _year_context(request, year, today)
            context.update(
                {"dashboard": dashboard, "drawing": fragments.cached(parts, version, draw)}
            )
            return render_to_string("reporting/dashboards/_dashboard.html", context)

        # The page around the charts (the year chooser, the dashboards' navigation, the
        # about text) is kept beside them, under the same version and the dashboards
        # the person may read (the navigation's links): rendered once per version.
        content = fragments.cached(
            (*parts, "page", ",".join(d.slug for d in readable)), version, draw_content
        )
        return render(
            request,
            "reporting/dashboards/dashboard.html",
            {"dashboard": dashboard, "year": year, "content": content, "charts": drawn or None},
        )

    view.__name__ = view.__qualname__ = f"dashboard_{dashboard.slug}"
    view.__doc__ = dashboard.about
    return view


dashboard_views = {d.slug: _dashboard_view(d) for d in DASHBOARDS}


# --- Navigation and the home card -------------------------------------------------------


def navigation(user: User | AnonymousUser) -> list[NavItem]:
    if not permissions.has_capability(user, Capability.VIEW_DASHBOARDS):
        return []
    return [NavItem("Dashboards", reverse("reporting:dashboard-index"), menu="Governance")]


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """For those who read the dashboards: this year's requests and late submissions
    (one grouped query), each linking to its dashboard."""
    if not permissions.has_capability(user, Capability.VIEW_DASHBOARDS):
        return []
    today = timezone.localdate()
    year = academic_year(start_of(today), today)
    rows = events.notice_by_month(user=user, start=year.begins, end=year.ends)
    submitted = sum(r.count for r in rows)
    late = sum(r.count for r in rows if r.key != "enough")
    return [
        HomeCard(
            title=f"Prevent dashboards, {year.label}",
            figures=(
                Figure(
                    "event requests submitted since 1 August (the dashboards count these)",
                    submitted,
                    reverse("reporting:dashboard-requests"),
                    one="event request submitted since 1 August (the dashboards count these)",
                ),
                Figure(
                    "submitted late",
                    late,
                    reverse("reporting:dashboard-notice"),
                ),
            ),
            more=Waiting("All dashboards", reverse("reporting:dashboard-index")),
        )
    ]
