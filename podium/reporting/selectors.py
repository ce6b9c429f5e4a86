"""Reads for the regulator's return and the transparency report. Every number is
today's, from the other apps' selectors (never their models; they keep the big
counts as summary rows equal to a recount, podium/core/summaries.py); this module only
arranges them, says where each one can be opened, and compares them with a
signed-off snapshot. How each number is counted: the definitions page
(templates/reporting/definitions.html) and README.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from podium.concerns import selectors as concerns
from podium.core import academic_year
from podium.events import selectors as events
from podium.governance import selectors as governance
from podium.reporting.models import (
    Jurisdiction,
    ReportingSettings,
    ReturnSignOff,
    TransparencyReport,
)
from podium.reporting.suppression import Group, shown, withheld
from podium.training import selectors as training

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

NOT_OPEN = "Not open to you"
NATION_JURISDICTION = {
    "ENG": Jurisdiction.ENGLAND,
    "SCT": Jurisdiction.SCOTLAND,
    "NIR": Jurisdiction.NORTHERN_IRELAND,
}

WORDING = {
    Jurisdiction.ENGLAND: (
        "Prevent accountability and data return",
        "For the Office for Students (OfS), under the Prevent duty monitoring framework.",
        "Referrals to Channel",
    ),
    Jurisdiction.WALES: (
        "Prevent accountability and data return",
        "For Medr (the Commission for Tertiary Education and Research), which "
        "monitors the Prevent duty in Wales.",
        "Referrals to Channel",
    ),
    Jurisdiction.SCOTLAND: (
        "Prevent summary for the governing body",
        "There is no OfS return in Scotland: this summary is for the governing body. "
        "Formal referrals in Scotland are to a Prevent Multi-Agency Panel (PMAP).",
        "Referrals to a Prevent Multi-Agency Panel (PMAP)",
    ),
    Jurisdiction.NORTHERN_IRELAND: (
        "Prevent summary for the governing body",
        "There is no OfS or Medr return in Northern Ireland: this summary is for the "
        "governing body.",
        "Formal referrals",
    ),
}

STAGES = tuple((stage, label) for stage, (_, label) in concerns.STAGE_DATES.items())
CASE_ROW_LABEL = "All cases"


def current_year(today: date | None = None) -> int:
    """The academic year running today (1 August to 31 July)."""
    return academic_year.start_of(today or timezone.localdate())


def latest_complete_year(today: date | None = None) -> int:
    """The last academic year that has ended: the one a return is due for."""
    return current_year(today) - 1


def jurisdiction(settings: ReportingSettings | None = None) -> Jurisdiction:
    chosen = (settings or ReportingSettings.current()).jurisdiction
    if chosen:
        return Jurisdiction(chosen)
    return NATION_JURISDICTION.get(events.institution_nation(), Jurisdiction.ENGLAND)


@dataclass(frozen=True)
class Cell:
    key: str
    value: int | None  # None: not recorded in Podium
    link: str = ""  # the records behind it, or "" when the viewer may not open them


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    total: bool = False


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[Row]
    note: str = ""
    closed: str = ""  # why this table's numbers are not links for the viewer


@dataclass
class Return:
    year: int
    jurisdiction: Jurisdiction
    title: str
    regulator: str
    tables: list[Table]
    rejections: list[events.ReturnRejection]
    risk_assessment_signed_on: date | None
    risk_assessment_link: str
    groups: list[Group]
    threshold: int
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return academic_year.label(self.year)

    @property
    def starts(self) -> date:
        return date(self.year, 8, 1)

    @property
    def ends(self) -> date:
        return date(self.year + 1, 7, 31)

    @property
    def figures(self) -> dict[str, int | None]:
        """Every number, by key: what a sign-off freezes."""
        return {c.key: c.value for t in self.tables for r in t.rows for c in r.cells}


def _events_table(year: int, user: User | AnonymousUser) -> tuple[Table, list[Group]]:
    counts = events.return_counts(year=year)
    linked = events.may_list_requests_in_scope(user)

    def link(bucket: str) -> str:
        if not linked:
            return ""
        query = urlencode({"year": year, "bucket": bucket})
        return f"{reverse('events:request-list')}?{query}"

    def cells(bucket: str, values: dict[str, dict[str, int]] = counts) -> list[Cell]:
        return [
            Cell(f"events.{unit}.{bucket}", values[unit][bucket], link(bucket))
            for unit in ("requests", "speakers")
        ]

    for unit in ("requests", "speakers"):
        figures = counts[unit]
        figures["rejected"] = sum(v for k, v in figures.items() if k.startswith("rejected_"))
        figures["all"] = sum(figures[k] for k in events.RETURN_BUCKETS)
    rejected = [k for k in events.RETURN_BUCKETS if k.startswith("rejected_")]
    top = [k for k in events.RETURN_BUCKETS if not k.startswith("rejected_")]
    rows = [
        Row(events.RETURN_BUCKETS["approved"], cells("approved")),
        Row(events.RETURN_BUCKETS["conditions_prevent"], cells("conditions_prevent")),
        Row(events.RETURN_BUCKETS["conditions_other"], cells("conditions_other")),
        *[Row(events.RETURN_BUCKETS[k], cells(k)) for k in rejected],
        Row("Rejected, any reason", cells("rejected"), total=True),
        Row(
            "Withdrawn by the organiser (counted by Podium; the regulator does not ask)",
            cells("withdrawn"),
        ),
        Row("Lapsed undecided (counted by Podium; the regulator does not ask)", cells("lapsed")),
        Row("Not yet decided (in review or awaiting re-approval)", cells("undecided")),
        Row("Every request submitted", cells("all"), total=True),
    ]
    groups = []
    for unit in ("requests", "speakers"):
        groups.append(
            Group(tuple(f"events.{unit}.{k}" for k in rejected), f"events.{unit}.rejected")
        )
        parts = [*(k for k in top if k not in ("withdrawn", "lapsed", "undecided")), "rejected"]
        parts += ["withdrawn", "lapsed", "undecided"]
        groups.append(Group(tuple(f"events.{unit}.{k}" for k in parts), f"events.{unit}.all"))
    table = Table(
        "events",
        "Events and speakers",
        ["Event requests", "Speakers"],
        rows,
        note=(
            "Requests whose event starts between 1 August and 31 July, counted once each by "
            "the decision in force. Speakers are the speakers, chairs, panellists, performers "
            "and pre-recorded contributions named on those requests; a person at two events "
            "counts twice."
        ),
        closed="" if linked else f"{NOT_OPEN}: the requests are for reviewers.",
    )
    return table, groups


def _cases_table(
    year: int, user: User | AnonymousUser, referrals: str
) -> tuple[Table, list[Group]]:
    counts = concerns.yearly_counts(year=year, suppress=False)
    linked = concerns.may_read_counts(user)
    # The case roles open the cases behind a number; others with the counts, the
    # counts page (suppressed for them); the rest, nothing.
    opens_cases = concerns.sees_unsuppressed_counts(user)

    def link(stage: str, ideology: str) -> str:
        if opens_cases:
            query = concerns.CountedIn(year, stage, ideology).query
            return f"{reverse('concerns:case-list')}?{query}"
        return f"{reverse('concerns:counts')}?year={year}" if linked else ""

    rows = []
    keys: dict[str, list[str]] = {stage: [] for stage, _ in STAGES}
    for row in [*counts.rows, counts.total]:
        total = row is counts.total
        slug = "total" if total else slugify(row.label) or "uncategorised"
        values = (row.lead_involved.value, row.advice_sought.value, row.referred.value)
        cells = []
        for (stage, _), value in zip(STAGES, values, strict=True):
            key = f"cases.{stage}.{slug}"
            if not total:
                keys[stage].append(key)
            cells.append(Cell(key, value, link(stage, row.ideology)))
        rows.append(Row(row.label, cells, total=total))
    groups = [Group(tuple(keys[stage]), f"cases.{stage}.total") for stage, _ in STAGES]
    table = Table(
        "cases",
        "Prevent cases",
        [label for _, label in STAGES],
        rows,
        note=(
            "Cases reaching each stage in the year (the date the stage was reached decides "
            f"the year), by ideology category. {referrals}: the last column."
        ),
        closed="" if linked else f"{NOT_OPEN}: the case records are open only to the case roles.",
    )
    return table, groups


def _training_table(year: int, user: User | AnonymousUser) -> Table:
    counts = training.return_counts(year=year)
    linked = training.may_read_completions(user)
    labels = {
        "induction": "Induction",
        "refresher": "Refresher",
        "broader": "Broader welfare or safeguarding",
    }
    rows = []
    for category, value in counts.items():
        link = ""
        if linked:
            query = urlencode({"year": year, "category": category})
            link = f"{reverse('training:returns-detail')}?{query}"
        rows.append(
            Row(labels.get(category, category), [Cell(f"training.{category}", value, link)])
        )
    return Table(
        "training",
        "Staff trained",
        ["Staff"],
        rows,
        note=(
            "Distinct staff who completed a course of each kind in the year (completion "
            "date decides). A course's kind is set on the course; Podium cannot tell "
            "whether a refresher was taken as part of someone's induction."
        ),
        closed="" if linked else f"{NOT_OPEN}: the completions are for training roles.",
    )


def _governance_table(year: int, user: User | AnonymousUser) -> Table:
    counts = concerns.reportable_event_counts(year=year)
    linked = concerns.may_read_reportable_events(user)
    link = reverse("concerns:event-list") if linked else ""
    labels = {
        "serious_incident": "Serious incidents reported",
        "change_of_circumstance": "Changes of circumstance reported",
    }
    rows = [Row(labels.get(k, k), [Cell(f"governance.{k}", v, link)]) for k, v in counts.items()]
    return Table(
        "governance",
        "Governance",
        ["Number"],
        rows,
        note="Reportable events whose date of occurrence falls in the year.",
        closed="" if linked else f"{NOT_OPEN}: the register is kept by the Prevent lead.",
    )


def the_return(*, year: int, user: User | AnonymousUser) -> Return:
    """The return for the academic year starting 1 August `year`, institution-wide,
    with links to the records only where `user` may open them."""
    settings = ReportingSettings.current()
    where = jurisdiction(settings)
    title, regulator, referrals = WORDING[where]
    events_table, event_groups = _events_table(year, user)
    cases_table, case_groups = _cases_table(year, user, referrals)
    tables = [
        events_table,
        cases_table,
        _training_table(year, user),
        _governance_table(year, user),
    ]
    labels = {}
    for table in tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                if cell.key:
                    labels[cell.key] = f"{table.title}: {row.label} ({column.lower()})"
    return Return(
        year=year,
        jurisdiction=where,
        title=title,
        regulator=regulator,
        tables=tables,
        rejections=events.return_rejections(year=year),
        risk_assessment_signed_on=governance.risk_assessment_signed_on(),
        risk_assessment_link=(
            reverse("governance:assessment") if governance.may_read_risk_assessment(user) else ""
        ),
        groups=[*event_groups, *case_groups],
        threshold=settings.suppression_threshold,
        labels=labels,
    )


def threshold() -> int:
    return ReportingSettings.current().suppression_threshold


@dataclass(frozen=True)
class ShownCell:
    text: str
    link: str
    hidden: bool


def displayed(report: Return, *, suppress: bool) -> dict[str, ShownCell]:
    """What each cell shows: with `suppress`, small numbers and the cells that
    would reveal them read "<5"; nothing suppressed is a link."""
    limit = report.threshold
    values = report.figures
    hidden = withheld(values, report.groups, limit) if suppress else set()
    return {
        key: ShownCell(
            shown(values[key], hidden=key in hidden, threshold=limit),
            "",
            key in hidden,
        )
        for key in values
    }


def _withheld_from(
    report: Return, values: dict[str, int | None], user: User | AnonymousUser
) -> set[str]:
    """The keys of `values` withheld on screen from `user`: the case counts, small
    ones and those that would reveal them, outside the case roles (the concerns
    app's rule); nothing else."""
    if concerns.sees_unsuppressed_counts(user):
        return set()
    cases = {k: v for k, v in values.items() if k.startswith("cases.")}
    return withheld(cases, [g for g in report.groups if g.total in cases], report.threshold)


def team_cells(report: Return, *, user: User | AnonymousUser) -> dict[str, ShownCell]:
    """The on-screen team view: unsuppressed and linked, except that case counts
    follow the concerns app's rule (small counts withheld outside the case roles)."""
    limit = report.threshold
    values = report.figures
    hidden = _withheld_from(report, values, user)
    links = {c.key: c.link for t in report.tables for r in t.rows for c in r.cells}
    return {
        key: ShownCell(
            shown(value, hidden=key in hidden, threshold=limit),
            "" if key in hidden else links[key],
            key in hidden,
        )
        for key, value in values.items()
    }


def shown_rejections(
    report: Return, cells: dict[str, ShownCell]
) -> tuple[list[events.ReturnRejection], int]:
    """The rejections whose category's number is shown, and how many are left out:
    listing the rejections behind a withheld number would reveal it."""
    shown = [r for r in report.rejections if not cells[f"events.requests.{r.bucket}"].hidden]
    return shown, len(report.rejections) - len(shown)


def export_rows(report: Return) -> list[tuple[str, str, str, str]]:
    """(section, line, column, value) for every number, suppressed: what leaves the
    team; then each rejection's reason, where its category's number is shown."""
    cells = displayed(report, suppress=True)
    rows = []
    for table in report.tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                if cell.key:
                    rows.append((table.title, row.label, column, cells[cell.key].text))
    signed = report.risk_assessment_signed_on
    rows.append(
        (
            "Governance",
            "Risk assessment last signed off",
            "Date",
            signed.isoformat() if signed else "never signed off in Podium",
        )
    )
    rejections, left_out = shown_rejections(report, cells)
    for rejection in rejections:
        rows.append(
            (
                "Rejections and their reasons",
                rejection.reference,
                rejection.category_label,
                rejection.reason or "No reason recorded",
            )
        )
    if left_out:
        rows.append(
            (
                "Rejections and their reasons",
                "Withheld",
                "",
                f"The reasons for rejections counted in a withheld number (below "
                f"{report.threshold}) are not listed.",
            )
        )
    return rows


def sign_off_of(year: int) -> ReturnSignOff | None:
    return ReturnSignOff.objects.filter(year=year).select_related("signed_by").first()


@dataclass(frozen=True)
class Difference:
    label: str
    signed: int | None
    now: int | None
    withheld: bool = False  # a number the viewer may not see, then or now

    def text(self, value: int | None) -> str:
        if self.withheld:
            return "withheld"
        return "not recorded" if value is None else str(value)

    @property
    def signed_text(self) -> str:
        return self.text(self.signed)

    @property
    def now_text(self) -> str:
        return self.text(self.now)


def differences(
    report: Return, sign_off: ReturnSignOff, *, user: User | AnonymousUser
) -> list[Difference]:
    """Numbers that changed since the sign-off, in the return's order. A number
    withheld from `user` on screen (as signed off, or now) says only that it
    changed: its two values side by side would reveal it."""
    now = report.figures
    then = sign_off.figures
    hidden = _withheld_from(report, now, user) | _withheld_from(report, then, user)
    keys = [*now, *(k for k in then if k not in now)]
    return [
        Difference(report.labels.get(k, k), then.get(k), now.get(k), k in hidden)
        for k in keys
        if then.get(k) != now.get(k)
    ]


def changed_since(report: Return, sign_off: ReturnSignOff | None) -> int:
    """How many numbers changed since the sign-off (the pack says how many, not which)."""
    if sign_off is None:
        return 0
    now, then = report.figures, sign_off.figures
    return sum(1 for k in {*now, *then} if now.get(k) != then.get(k))


def awaiting_sign_off(today: date | None = None) -> int | None:
    """The last completed year when its return is not yet signed off."""
    year = latest_complete_year(today)
    return None if ReturnSignOff.objects.filter(year=year).exists() else year


def requests_counted(year: int) -> int:
    """Every submitted request in the year's return (the home card's figure)."""
    return sum(events.return_counts(year=year)["requests"].values())


def years_offered(today: date | None = None) -> list[int]:
    current = current_year(today)
    return list(range(current, current - 6, -1))


# --- The transparency report ----------------------------------------------------------


def transparency_figures(*, year: int) -> dict[str, object]:
    """The public summary for a year, suppressed: approved, restricted by kind of
    condition, rejected by category, appeals and complaints and their outcomes."""
    counts = events.return_counts(year=year)["requests"]
    appeals = events.appeal_counts(year=year)
    complaints = governance.complaint_counts(year=year)
    values: dict[str, int | None] = {
        "approved": counts["approved"],
        "conditions_prevent": counts["conditions_prevent"],
        "conditions_other": counts["conditions_other"],
        **{k: v for k, v in counts.items() if k.startswith("rejected_")},
        **{f"appeal_{k}": v for k, v in appeals.items()},
        **{f"complaint_{k}": v for k, v in complaints.items()},
    }
    rejected = tuple(k for k in values if k.startswith("rejected_"))
    values["rejected"] = sum(values[k] or 0 for k in rejected)
    values["decided"] = sum(
        values[k] or 0 for k in ("approved", "conditions_prevent", "conditions_other", "rejected")
    )
    appeal_parts = tuple(f"appeal_{k}" for k in appeals if k != "lodged")
    groups = [
        Group(rejected, "rejected"),
        Group(("approved", "conditions_prevent", "conditions_other", "rejected"), "decided"),
        Group(appeal_parts, "appeal_lodged"),
        Group(tuple(f"complaint_{k}" for k in complaints if k != "received"), "complaint_received"),
    ]
    limit = threshold()
    hidden = withheld(values, groups, limit)
    return {
        "threshold": limit,
        "figures": {k: shown(v, hidden=k in hidden, threshold=limit) for k, v in values.items()},
    }


TRANSPARENCY_LABELS = {
    "decided": "Event requests decided",
    "approved": "Approved without conditions",
    "conditions_prevent": "Approved with conditions because of Prevent-related risk",
    "conditions_other": "Approved with conditions for other reasons",
    "rejected": "Rejected",
    "rejected_health_and_safety": "Rejected: health and safety",
    "rejected_procedural": "Rejected: procedural",
    "rejected_prevent": "Rejected: Prevent",
    "rejected_other": "Rejected: other",
    "appeal_lodged": "Appeals lodged",
    "appeal_upheld": "Appeals upheld",
    "appeal_dismissed": "Appeals dismissed",
    "appeal_pending": "Appeals not yet decided",
    "complaint_received": "Free-speech complaints received",
    "complaint_upheld": "Complaints upheld",
    "complaint_partly_upheld": "Complaints partly upheld",
    "complaint_not_upheld": "Complaints not upheld",
    "complaint_withdrawn": "Complaints withdrawn or settled",
    "complaint_open": "Complaints not yet decided",
}


def published_report(year: int) -> TransparencyReport | None:
    return TransparencyReport.objects.filter(year=year).first()


def published_reports() -> list[TransparencyReport]:
    return list(TransparencyReport.objects.order_by("-year"))


@dataclass(frozen=True)
class TransparencyLine:
    label: str
    text: str
    total: bool


def transparency_lines(frozen: dict[str, object]) -> list[TransparencyLine]:
    figures = frozen.get("figures", {})
    assert isinstance(figures, dict)
    return [
        TransparencyLine(label, str(figures[key]), key in TRANSPARENCY_TOTALS)
        for key, label in TRANSPARENCY_LABELS.items()
        if key in figures
    ]


TRANSPARENCY_TOTALS = {"decided", "rejected", "appeal_lodged", "complaint_received"}
