"""Reads for the risk assessment: versions, their entries with scores and RAG
ratings, the differences between two versions, and the action plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts import selectors as accounts
from podium.accounts.roles import Capability
from podium.core import academic_year
from podium.core.memo import per_request
from podium.core.pagination import Page, keyset_page
from podium.governance.models import (
    OPEN_ACTION,
    ActionCategory,
    ActionItem,
    ActionStatus,
    AssessmentVersion,
    CodeSectionKind,
    CodeVersion,
    Complaint,
    ComplaintOutcome,
    ComplaintStage,
    Rag,
    RagBand,
    RiskEntry,
    RiskTopic,
    StudentNotice,
    VersionStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

# "Was the risk assessment refreshed in the past year?"
REFRESH_DAYS = 365


def people_with(role: str) -> QuerySet[User]:
    return accounts.people_holding(roles=[role])


def owner_choices() -> QuerySet[User]:
    return accounts.people_with_roles()


@per_request
def last_signed() -> AssessmentVersion | None:
    return AssessmentVersion.objects.filter(status=VersionStatus.SIGNED).order_by("-number").first()


def risk_assessment_signed_on() -> date | None:
    """When the governing body last signed off the Prevent risk assessment."""
    last = last_signed()
    return last.signed_on if last else None


def may_read_risk_assessment(user: User | AnonymousUser) -> bool:
    return permissions.has_capability(user, Capability.VIEW_RISK_ASSESSMENT)


def complaint_counts(*, year: int) -> dict[str, int]:
    """Free-speech complaints received in the academic year `year` (1 August to
    31 July, by `received_on`), by outcome ("open" while undecided), and "received"
    in all: for the transparency report (podium/reporting)."""
    found = dict(
        Complaint.objects.filter(received_on__range=academic_year.bounds(year))
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
        .order_by()
    )
    counts = {o.value: found.get(o.value, 0) for o in ComplaintOutcome}
    counts["open"] = found.get("", 0)
    counts["received"] = sum(found.values())
    return counts


@per_request
def open_version() -> AssessmentVersion | None:
    """The version being prepared or awaiting sign-off, if any."""
    return AssessmentVersion.objects.exclude(status=VersionStatus.SIGNED).first()


def versions() -> QuerySet[AssessmentVersion]:
    return AssessmentVersion.objects.order_by("-number")


def previous_signed(version: AssessmentVersion) -> AssessmentVersion | None:
    """The signed version before `version`: what it is compared with."""
    return (
        AssessmentVersion.objects.filter(status=VersionStatus.SIGNED, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def bands() -> list[RagBand]:
    return list(RagBand.objects.order_by("min_score"))


def rag_of(score: int, bands: list[RagBand]) -> str:
    rating = ""
    for band in bands:  # ascending by min_score
        if score >= band.min_score:
            rating = band.rating
    return rating


RAG_TAG = {Rag.RED: "tag--red", Rag.AMBER: "tag--yellow", Rag.GREEN: "tag--green"}


@dataclass
class ScoredEntry:
    entry: RiskEntry
    gross: int
    residual: int
    rag: str
    actions: list[ActionItem] = field(default_factory=list)
    # Actions of the risk beyond those shown (the action plan lists them all).
    more_actions: int = 0

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "Not rated"

    @property
    def rag_tag(self) -> str:
        return RAG_TAG.get(Rag(self.rag), "tag--grey") if self.rag else "tag--grey"


def entries(version: AssessmentVersion) -> list[ScoredEntry]:
    """The version's entries, scored and rated, each with its risk's actions."""
    known = bands()
    rows = [
        ScoredEntry(e, e.gross_score, e.residual_score, rag_of(e.residual_score, known))
        for e in version.entries.select_related("risk", "topic", "owner").order_by(
            "risk__reference"
        )
    ]
    found, counts = actions_for_risks([row.entry.risk_id for row in rows])
    for row in rows:
        row.actions = found.get(row.entry.risk_id, [])
        row.more_actions = counts.get(row.entry.risk_id, 0) - len(row.actions)
    return rows


FIELD_LABELS = {
    "topic": "Topic",
    "description": "Description",
    "likelihood": "Likelihood",
    "severity": "Severity",
    "controls": "Existing controls",
    "residual_likelihood": "Residual likelihood",
    "residual_severity": "Residual severity",
    "owner": "Owner",
    "further_action": "Further action",
}


@dataclass
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass
class RiskChange:
    reference: str
    kind: str  # "added", "removed" or "changed"
    summary: str
    fields: list[FieldChange] = field(default_factory=list)


def _shown(entry: RiskEntry, name: str) -> Any:
    value = getattr(entry, name)
    return getattr(value, "full_name", None) or value


def diff(old: AssessmentVersion | None, new: AssessmentVersion) -> list[RiskChange]:
    """What changed from `old` (a signed version; None: everything is new) to `new`,
    risk by risk, in reference order."""
    related = ("risk", "topic", "owner")
    before = {e.risk_id: e for e in old.entries.select_related(*related)} if old else {}
    after = {e.risk_id: e for e in new.entries.select_related(*related)}
    found: list[tuple[int, RiskChange]] = []
    for risk_id, entry in after.items():
        reference = entry.risk.reference
        if risk_id not in before:
            found.append((reference, RiskChange(str(entry.risk), "added", str(entry.topic))))
            continue
        was = before[risk_id]
        fields = [
            FieldChange(label, _shown(was, name), _shown(entry, name))
            for name, label in FIELD_LABELS.items()
            if getattr(was, f"{name}_id", getattr(was, name))
            != getattr(entry, f"{name}_id", getattr(entry, name))
        ]
        if fields:
            found.append(
                (reference, RiskChange(str(entry.risk), "changed", str(entry.topic), fields))
            )
    for risk_id, was in before.items():
        if risk_id not in after:
            found.append((was.risk.reference, RiskChange(str(was.risk), "removed", str(was.topic))))
    return [change for _, change in sorted(found, key=lambda pair: pair[0])]


def active_topics() -> QuerySet[RiskTopic]:
    return RiskTopic.objects.filter(is_active=True)


# --- Freshness --------------------------------------------------------------------


def assessment_is_stale(today: date | None = None) -> bool:
    """No signed version, or the last signed more than a year ago."""
    today = today or timezone.localdate()
    last = last_signed()
    return (
        last is None
        or last.signed_on is None
        or last.signed_on < today - timedelta(days=REFRESH_DAYS)
    )


# --- The action plan --------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilter:
    status: str = ""  # an ActionStatus value, "open" or "overdue"; "" for all
    owner: int | None = None
    risk: int | None = None


def actions(filters: ActionFilter, today: date | None = None) -> QuerySet[ActionItem]:
    today = today or timezone.localdate()
    rows = ActionItem.objects.select_related("risk", "owner")
    if filters.status == "open":
        rows = rows.filter(OPEN_ACTION)
    elif filters.status == "overdue":
        rows = rows.filter(OPEN_ACTION, deadline__lt=today)
    elif filters.status in ActionStatus.values:
        rows = rows.filter(status=filters.status)
    if filters.owner:
        rows = rows.filter(owner_id=filters.owner)
    if filters.risk:
        rows = rows.filter(risk_id=filters.risk)
    return rows


def actions_page(
    *, filters: ActionFilter, after: str | None = None, before: str | None = None, size: int = 50
) -> Page[ActionItem]:
    return keyset_page(actions(filters), field="deadline", after=after, before=before, size=size)


@per_request
def overdue_count(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return ActionItem.objects.filter(OPEN_ACTION, deadline__lt=today).count()


def own_overdue_count(user: User | AnonymousUser, today: date | None = None) -> int:
    if not user.is_authenticated:
        return 0
    today = today or timezone.localdate()
    return ActionItem.objects.filter(OPEN_ACTION, owner_id=user.pk, deadline__lt=today).count()


# Actions shown under each risk on the assessment: open ones first, soonest deadline
# first; the rest are a link to the action plan filtered to the risk.
ACTIONS_PER_RISK = 5


def actions_for_risks(
    risk_ids: list[int],
) -> tuple[dict[int, list[ActionItem]], dict[int, int]]:
    """Each risk's first ACTIONS_PER_RISK actions, and how many it has in all (two
    queries, however many actions there are)."""
    still_open = Case(When(OPEN_ACTION, then=Value(0)), default=Value(1))
    ranked = (
        ActionItem.objects.filter(risk_id__in=risk_ids)
        .select_related("owner")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("risk_id")],
                order_by=[still_open.asc(), F("deadline").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=ACTIONS_PER_RISK)
        .order_by("risk_id", "rank")
    )
    found: dict[int, list[ActionItem]] = {}
    for item in ranked:
        found.setdefault(item.risk_id, []).append(item)
    counts = dict(
        ActionItem.objects.filter(risk_id__in=risk_ids)
        .values("risk_id")
        .annotate(n=Count("pk"))
        .values_list("risk_id", "n")
        .order_by()
    )
    return found, counts


CATEGORIES = ActionCategory.choices
STATUS_FILTERS = [
    ("", "All"),
    ("open", "Open"),
    ("overdue", "Overdue"),
    *ActionStatus.choices,
]


# --- Free-speech complaints ---------------------------------------------------------

# The provider has 30 calendar days to resolve a complaint before the scheme takes it.
PROVIDER_DAYS = 30


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Clocks:
    """A complaint's clocks, in calendar days as the schemes count them."""

    provider_due: date  # received + 30 days
    provider_days_left: int | None  # None once the provider's stage is over
    external_limit: date  # 12 months after the matter complained of
    external_days_left: int

    @property
    def provider_overdue(self) -> bool:
        return self.provider_days_left is not None and self.provider_days_left < 0

    @property
    def day_of_30(self) -> int:
        """Which of our 30 days today is (1 on the day after receipt)."""
        return PROVIDER_DAYS - (self.provider_days_left or 0)

    @property
    def days_over(self) -> int:
        return -(self.provider_days_left or 0)


def clocks(complaint: Complaint, today: date | None = None) -> Clocks:
    today = today or timezone.localdate()
    due = complaint.received_on + timedelta(days=PROVIDER_DAYS)
    open_with_us = complaint.stage == ComplaintStage.WITH_PROVIDER
    limit = _add_months(complaint.matter_on, 12)
    return Clocks(
        provider_due=due,
        provider_days_left=(due - today).days if open_with_us else None,
        external_limit=limit,
        external_days_left=(limit - today).days,
    )


@dataclass(frozen=True)
class ComplaintFilter:
    stage: str = ""  # a ComplaintStage value, "overdue", or "" for all


def _past_our_days(today: date) -> Q:
    """With us, unanswered, past our 30 days."""
    return Q(
        stage=ComplaintStage.WITH_PROVIDER,
        provider_response_on__isnull=True,
        received_on__lt=today - timedelta(days=PROVIDER_DAYS),
    )


def complaints(filters: ComplaintFilter, today: date | None = None) -> QuerySet[Complaint]:
    today = today or timezone.localdate()
    rows = Complaint.objects.select_related("owner", "event_request", "speaker")
    if filters.stage == "overdue":
        rows = rows.filter(_past_our_days(today))
    elif filters.stage in ComplaintStage.values:
        rows = rows.filter(stage=filters.stage)
    return rows


def complaints_page(
    *,
    filters: ComplaintFilter,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Page[Complaint]:
    return keyset_page(
        complaints(filters),
        field="received_on",
        after=after,
        before=before,
        size=size,
        descending=True,
    )


def overdue_complaints(
    owner: User | AnonymousUser | None = None, today: date | None = None
) -> QuerySet[Complaint]:
    rows = complaints(ComplaintFilter(stage="overdue"), today)
    if owner is not None:
        rows = rows.filter(owner_id=owner.pk)
    return rows


@dataclass(frozen=True)
class ComplaintFigures:
    """The free-speech officer's card: one query, whatever the register's size."""

    with_us: int
    overdue: int
    escalated: int


def complaint_figures(today: date | None = None) -> ComplaintFigures:
    today = today or timezone.localdate()
    counts = Complaint.objects.aggregate(
        with_us=Count("pk", filter=Q(stage=ComplaintStage.WITH_PROVIDER)),
        overdue=Count("pk", filter=_past_our_days(today)),
        escalated=Count("pk", filter=Q(stage=ComplaintStage.ESCALATED)),
    )
    return ComplaintFigures(counts["with_us"], counts["overdue"], counts["escalated"])


COMPLAINT_FILTERS = [
    ("", "All"),
    ("overdue", "Unanswered after our 30 days"),
    *ComplaintStage.choices,
]


# --- The code of practice -----------------------------------------------------------

# A year after the last notice to students, the free-speech officer is reminded.
NOTICE_DAYS = 365


def code_in_force(at: datetime | None = None) -> CodeVersion | None:
    """The version published latest before `at` (now if None)."""
    at = at or timezone.now()
    return (
        CodeVersion.objects.filter(published_at__isnull=False, published_at__lte=at)
        .order_by("-published_at", "-number")
        .first()
    )


def code_draft() -> CodeVersion | None:
    return CodeVersion.objects.filter(published_at__isnull=True).first()


def code_versions() -> QuerySet[CodeVersion]:
    return CodeVersion.objects.order_by("-number")


def code_sections(version: CodeVersion) -> list[tuple[str, str]]:
    """(heading, text) in the code's order; an empty section is left out."""
    texts = {s.kind: s.text for s in version.sections.all()}
    return [(label, texts[kind]) for kind, label in CodeSectionKind.choices if texts.get(kind)]


def security_costs_criteria() -> tuple[CodeVersion, str] | None:
    """The code in force now and its criteria for "exceptional circumstances" in
    which organisers bear security costs; None without a published code or section."""
    version = code_in_force()
    if version is None:
        return None
    text = (
        version.sections.filter(kind=CodeSectionKind.SECURITY_COSTS)
        .values_list("text", flat=True)
        .first()
    )
    return (version, text) if text else None


def codes_in_force_at(moments: list[datetime]) -> list[CodeVersion | None]:
    """For each moment, the version in force then (one query for all)."""
    published = list(
        CodeVersion.objects.filter(published_at__isnull=False).order_by("published_at", "number")
    )
    found: list[CodeVersion | None] = []
    for moment in moments:
        current = None
        for version in published:
            if version.published_at is not None and version.published_at <= moment:
                current = version
        found.append(current)
    return found


def last_notice() -> StudentNotice | None:
    return StudentNotice.objects.order_by("-sent_on", "-pk").first()


def notice_due(today: date | None = None) -> bool:
    """No notice yet, or the last one more than a year ago."""
    today = today or timezone.localdate()
    last = last_notice()
    return last is None or last.sent_on <= today - timedelta(days=NOTICE_DAYS)


def notices_page(*, after: str | None = None, before: str | None = None) -> Page[StudentNotice]:
    return keyset_page(
        StudentNotice.objects.select_related("recorded_by"),
        field="sent_on",
        after=after,
        before=before,
        descending=True,
    )
