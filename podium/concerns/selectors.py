"""Reads for concerns. Case reads are for the case roles only: the views check
access (`access`) before calling them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.concerns.models import (
    BreakGlassGrant,
    Case,
    CaseView,
    ConcernSettings,
    EventCategory,
    FollowUpAction,
    Ideology,
    ReferralRoute,
    ReportableEvent,
)
from podium.core import academic_year
from podium.core.memo import per_request
from podium.core.pagination import Page, keyset_page

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

CASE_FILTERS = {
    "open": ("Open", Q(closed_on__isnull=True)),
    "urgent": ("Urgent and open", Q(closed_on__isnull=True, urgent=True)),
    "new": ("New (not yet triaged)", Q(triaged_on__isnull=True)),
    "review": ("Review due", Q(closed_on__isnull=True, review_on__lte=date.max)),
    # Open cases by stage (the stages are dated flags: see Case.stage).
    "stage-triaged": (
        "Open: triaged",
        Q(
            closed_on__isnull=True,
            triaged_on__isnull=False,
            lead_involved_on__isnull=True,
            referral_on__isnull=True,
        ),
    ),
    "stage-lead": (
        "Open: Prevent lead involved",
        Q(
            closed_on__isnull=True,
            lead_involved_on__isnull=False,
            advice_sought_on__isnull=True,
            referral_on__isnull=True,
        ),
    ),
    "stage-advice": (
        "Open: advice sought",
        Q(closed_on__isnull=True, advice_sought_on__isnull=False, referral_on__isnull=True),
    ),
    "stage-referred": (
        "Open: formal referral",
        Q(closed_on__isnull=True, referral_on__isnull=False),
    ),
    "break-glass": ("Under live break-glass access", Q(pk__in=[])),
    "closed": ("Closed", Q(closed_on__isnull=False)),
    "all": ("All", Q()),
}


def _filter(name: str) -> Q:
    if name == "review":
        return Q(closed_on__isnull=True, review_on__lte=timezone.localdate())
    if name == "break-glass":
        return Q(pk__in=_live_grants().values("case_id"))
    return CASE_FILTERS.get(name, CASE_FILTERS["open"])[1]


# The regulator's three stages: the date each is reached, and its name.
STAGE_DATES = {
    "lead": ("lead_involved_on", "The Prevent lead was involved"),
    "advice": ("advice_sought_on", "External advice was sought"),
    "referral": ("referral_on", "Formally referred"),
}


@dataclass(frozen=True)
class CountedIn:
    """The cases behind one number of the yearly counts (and the return): those
    reaching `stage` in academic year `year`, of one ideology (`ideology`: its pk,
    "none" for not yet categorised, "" for every ideology)."""

    year: int
    stage: str
    ideology: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> CountedIn | None:
        year, stage, ideology = (
            query.get("year", ""),
            query.get("stage", ""),
            query.get("ideology", ""),
        )
        if not (year.isascii() and year.isdigit() and 1970 <= int(year) <= 9999):
            return None
        if stage not in STAGE_DATES or not (ideology in ("", "none") or ideology.isdigit()):
            return None
        return cls(int(year), stage, ideology)

    @property
    def query(self) -> str:
        return urlencode({"year": self.year, "stage": self.stage, "ideology": self.ideology})

    @property
    def description(self) -> str:
        return f"{STAGE_DATES[self.stage][1]} in {academic_year.label(self.year)}"

    def filter(self) -> Q:
        q = Q(**{f"{STAGE_DATES[self.stage][0]}__range": academic_year.bounds(self.year)})
        if self.ideology == "none":
            q &= Q(ideology__isnull=True)
        elif self.ideology:
            q &= Q(ideology_id=int(self.ideology))
        return q


def case_page(
    *,
    filter_name: str = "open",
    counted_in: CountedIn | None = None,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Page[Case]:
    """Cases newest first, keyset-paged; for the case roles. With `counted_in`, the
    cases behind one number of the yearly counts instead of a named filter."""
    where = counted_in.filter() if counted_in else _filter(filter_name)
    queryset = Case.objects.filter(where).select_related("ideology", "owner")
    return keyset_page(
        queryset, field="raised_at", after=after, before=before, size=size, descending=True
    )


def views_of(case: Case, limit: int = 100) -> list[CaseView]:
    return list(case.views.select_related("viewer", "grant").order_by("-viewed_at", "-pk")[:limit])


def grants_of(case: Case) -> list[BreakGlassGrant]:
    return list(case.grants.select_related("user").order_by("-granted_at", "-pk"))


def break_glass_page(
    *, after: str | None = None, before: str | None = None, size: int = 50
) -> Page[BreakGlassGrant]:
    """Every break-glass grant, newest first, with who, why, when, the case, and
    the views made under it: for the case roles to review after the fact. Three
    queries whatever the number of grants."""
    queryset = BreakGlassGrant.objects.select_related("user", "case").prefetch_related(
        Prefetch(
            "caseview_set",
            queryset=CaseView.objects.order_by("viewed_at", "pk"),
            to_attr="views_made",
        )
    )
    return keyset_page(
        queryset, field="granted_at", after=after, before=before, size=size, descending=True
    )


def follow_ups_of(event: ReportableEvent) -> list[FollowUpAction]:
    return list(event.actions.select_related("owner").order_by("done_on", "due_on", "pk"))


def shared_by(user: User, limit: int = 20) -> list[Case]:
    """What the person shared: only when (the page shows nothing else)."""
    return list(
        Case.objects.filter(raised_by=user).only("pk", "raised_at").order_by("-raised_at")[:limit]
    )


def _live_grants() -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(expires_at__gt=timezone.now())


@dataclass(frozen=True)
class CaseFigures:
    """The case roles' home card: open cases by stage, and what needs them."""

    new: int
    triaged: int
    lead_involved: int
    advice_sought: int
    referred: int
    urgent: int
    reviews_due: int
    live_grants: int
    # When the first live grant expires: `live_grants` falls then with no write (the
    # home keeps the card until then at most, `HomeCard.until`). None: no live grant.
    grants_change_at: datetime | None = None


@per_request
def case_figures() -> CaseFigures:
    """Two queries, whatever the number of cases (for the case roles only), once per
    page: the home's card and its waiting lines both read them."""
    today = timezone.localdate()
    counts = Case.objects.filter(closed_on__isnull=True).aggregate(
        new=Count("pk", filter=Q(triaged_on__isnull=True)),
        triaged=Count("pk", filter=_filter("stage-triaged")),
        lead=Count("pk", filter=_filter("stage-lead")),
        advice=Count("pk", filter=_filter("stage-advice")),
        referred=Count("pk", filter=_filter("stage-referred")),
        urgent=Count("pk", filter=Q(urgent=True)),
        reviews=Count("pk", filter=Q(review_on__lte=today)),
    )
    grants = _live_grants().aggregate(
        cases=Count("case_id", distinct=True), first_expiry=Min("expires_at")
    )
    return CaseFigures(
        new=counts["new"],
        triaged=counts["triaged"],
        lead_involved=counts["lead"],
        advice_sought=counts["advice"],
        referred=counts["referred"],
        urgent=counts["urgent"],
        reviews_due=counts["reviews"],
        live_grants=grants["cases"],
        grants_change_at=grants["first_expiry"],
    )


def unreported_events() -> int:
    cutoff = timezone.localdate() - timedelta(days=ConcernSettings.current().reporting_window_days)
    return ReportableEvent.objects.filter(reported_on__isnull=True, occurred_on__lte=cutoff).count()


def event_page(*, after: str | None = None, before: str | None = None) -> Page[ReportableEvent]:
    return keyset_page(
        ReportableEvent.objects.select_related("case", "event_request"),
        field="occurred_on",
        after=after,
        before=before,
        descending=True,
    )


# --- The yearly counts ----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int | None  # None: suppressed
    threshold: int

    def __str__(self) -> str:
        return f"fewer than {self.threshold}" if self.value is None else str(self.value)


@dataclass(frozen=True)
class CountRow:
    label: str
    lead_involved: Cell
    advice_sought: Cell
    referred: Cell
    # `CountedIn.ideology` for this row: a pk, "none", or "" for the total.
    ideology: str = ""


@dataclass(frozen=True)
class YearlyCounts:
    year: int
    starts: date
    ends: date
    rows: list[CountRow]
    total: CountRow
    referrals_by_route: list[tuple[str, Cell]]
    suppressed: bool
    threshold: int

    @property
    def label(self) -> str:
        return academic_year.label(self.year)


def yearly_counts(*, year: int, suppress: bool) -> YearlyCounts:
    """Cases reaching each of the regulator's three stages in the academic year
    `year` (stage date within 1 August–31 July), by ideology, and the formal
    referrals by route. With `suppress`, any count above zero and below the
    threshold (concern settings) is withheld: for anyone outside the case roles."""
    starts, ends = academic_year.bounds(year)
    threshold = ConcernSettings.current().suppression_threshold
    in_year = {
        "lead": Q(lead_involved_on__range=(starts, ends)),
        "advice": Q(advice_sought_on__range=(starts, ends)),
        "referral": Q(referral_on__range=(starts, ends)),
    }
    rows = (
        Case.objects.filter(in_year["lead"] | in_year["advice"] | in_year["referral"])
        .values("ideology", "referral_route")
        .annotate(
            lead=Count("pk", filter=in_year["lead"]),
            advice=Count("pk", filter=in_year["advice"]),
            referral=Count("pk", filter=in_year["referral"]),
        )
        .order_by()
    )
    by_ideology: dict[int | None, list[int]] = {}
    by_route: dict[str, int] = {}
    for row in rows:
        counts = by_ideology.setdefault(row["ideology"], [0, 0, 0])
        counts[0] += row["lead"]
        counts[1] += row["advice"]
        counts[2] += row["referral"]
        if row["referral"]:
            by_route[row["referral_route"]] = (
                by_route.get(row["referral_route"], 0) + row["referral"]
            )

    def cell(value: int) -> Cell:
        hidden = suppress and 0 < value < threshold
        return Cell(None if hidden else value, threshold)

    def count_row(label: str, values: list[int], ideology: str = "") -> CountRow:
        return CountRow(label, cell(values[0]), cell(values[1]), cell(values[2]), ideology)

    ideologies = list(
        Ideology.objects.filter(Q(is_active=True) | Q(pk__in=[k for k in by_ideology if k]))
    )
    out = [count_row(i.name, by_ideology.get(i.pk, [0, 0, 0]), str(i.pk)) for i in ideologies]
    if None in by_ideology:
        out.append(count_row("Not yet categorised", by_ideology[None], "none"))
    totals = [sum(v[i] for v in by_ideology.values()) for i in range(3)]
    return YearlyCounts(
        year=year,
        starts=starts,
        ends=ends,
        rows=out,
        total=count_row("All cases", totals),
        referrals_by_route=[
            (route.label, cell(by_route.get(route.value, 0))) for route in ReferralRoute
        ],
        suppressed=suppress,
        threshold=threshold,
    )


def years_with_cases() -> list[int]:
    first = Case.objects.order_by("raised_at").values_list("raised_at", flat=True).first()
    current = academic_year.start_of(timezone.localdate())
    if first is None:
        return [current]
    earliest = academic_year.start_of(timezone.localdate(first))
    return list(range(max(current, earliest), min(current, earliest) - 1, -1))


def may_read_counts(user: User | AnonymousUser) -> bool:
    """Whether the person may open the yearly counts page (the return links there)."""
    return permissions.has_capability(user, Capability.VIEW_CONCERN_COUNTS)


def sees_unsuppressed_counts(user: User | AnonymousUser) -> bool:
    """The case roles see small case counts; everyone else sees them suppressed."""
    return permissions.has_capability(user, Capability.HANDLE_CONCERNS)


def may_read_reportable_events(user: User | AnonymousUser) -> bool:
    return permissions.has_capability(user, Capability.MANAGE_REPORTABLE_EVENTS)


def reportable_event_counts(*, year: int) -> dict[str, int]:
    """Serious incidents and changes of circumstance that occurred in the academic
    year `year` (1 August to 31 July, by `occurred_on`), for the return."""
    starts, ends = academic_year.bounds(year)
    found = dict(
        ReportableEvent.objects.filter(occurred_on__range=(starts, ends))
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
        .order_by()
    )
    return {c.value: found.get(c.value, 0) for c in EventCategory}


def events_for_case(case: Case) -> QuerySet[ReportableEvent]:
    return case.reportable_events.order_by("-occurred_on")
