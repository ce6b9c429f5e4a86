"""`/api/v1/risk-assessment`: read the Prevent risk assessment (the last signed
version and the one being prepared) and its action plan, for governance
reporting. Read only; the same access as the pages (`access.can_view`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from podium.api.kit import ERRORS, Cursor, user_of
from podium.governance import access, selectors
from podium.governance.models import ActionItem, AssessmentVersion

router = Router(tags=["Prevent risk assessment"])


class AssessedRiskOut(Schema):
    reference: str
    topic: str
    description: str
    likelihood: int
    severity: int
    gross_score: int
    controls: str
    residual_likelihood: int
    residual_severity: int
    residual_score: int
    rag: str = Field(description="red, amber, green, or empty when no band applies")
    owner: str
    further_action: str


class RiskAssessmentVersionOut(Schema):
    number: int
    status: str = Field(description="draft, awaiting or signed")
    created_at: datetime
    submitted_at: datetime | None
    signer_name: str
    signed_on: date | None
    minute_reference: str
    risks: list[AssessedRiskOut]

    @staticmethod
    def of(version: AssessmentVersion) -> RiskAssessmentVersionOut:
        return RiskAssessmentVersionOut(
            number=version.number,
            status=version.status,
            created_at=version.created_at,
            submitted_at=version.submitted_at,
            signer_name=version.signer_name,
            signed_on=version.signed_on,
            minute_reference=version.minute_reference,
            risks=[
                AssessedRiskOut(
                    reference=str(row.entry.risk),
                    topic=row.entry.topic.name,
                    description=row.entry.description,
                    likelihood=row.entry.likelihood,
                    severity=row.entry.severity,
                    gross_score=row.gross,
                    controls=row.entry.controls,
                    residual_likelihood=row.entry.residual_likelihood,
                    residual_severity=row.entry.residual_severity,
                    residual_score=row.residual,
                    rag=row.rag,
                    owner=row.entry.owner.full_name,
                    further_action=row.entry.further_action,
                )
                for row in selectors.entries(version)
            ],
        )


class RiskAssessmentOut(Schema):
    refreshed_in_past_year: bool = Field(
        description="True when a version was signed off within the past 365 days"
    )
    last_signed: RiskAssessmentVersionOut | None
    in_preparation: RiskAssessmentVersionOut | None
    overdue_actions: int


class PreventActionOut(Schema):
    id: int
    risk: str
    category: str
    action: str
    owner: str
    deadline: date
    status: str
    overdue: bool
    progress: str

    @staticmethod
    def of(item: ActionItem, today: date) -> PreventActionOut:
        return PreventActionOut(
            id=item.pk,
            risk=str(item.risk),
            category=item.category,
            action=item.action,
            owner=item.owner.full_name,
            deadline=item.deadline,
            status=item.status,
            overdue=item.is_overdue(today),
            progress=item.progress,
        )


class PreventActionPage(Schema):
    items: list[PreventActionOut]
    next_cursor: str | None


class PreventActionFilter(Schema):
    status: Annotated[
        str,
        Field(
            pattern="^(|open|overdue|not_started|in_progress|done|cancelled)$",
            description="open, overdue, or one status; empty for all",
        ),
    ] = ""
    cursor: Cursor = None


def _require(request: HttpRequest) -> None:
    if not access.can_view(user_of(request)):
        raise PermissionDenied


@router.get(
    "",
    response={200: RiskAssessmentOut, **ERRORS},
    summary="The Prevent risk assessment",
    url_name="risk-assessment",
    operation_id="podium_governance_api_assessment",
)
def assessment(request: HttpRequest) -> RiskAssessmentOut:
    """The last signed version, the version in preparation (if any) and the number of
    overdue actions."""
    _require(request)
    signed = selectors.last_signed()
    open_version = selectors.open_version()
    return RiskAssessmentOut(
        refreshed_in_past_year=not selectors.assessment_is_stale(),
        last_signed=RiskAssessmentVersionOut.of(signed) if signed else None,
        in_preparation=RiskAssessmentVersionOut.of(open_version) if open_version else None,
        overdue_actions=selectors.overdue_count(),
    )


@router.get(
    "/actions",
    response={200: PreventActionPage, **ERRORS},
    summary="The Prevent action plan",
    url_name="risk-assessment-actions",
    operation_id="podium_governance_api_actions",
)
def actions(request: HttpRequest, filters: Query[PreventActionFilter]) -> PreventActionPage:
    """Actions by deadline, 50 a page."""
    _require(request)
    today = timezone.localdate()
    page = selectors.actions_page(
        filters=selectors.ActionFilter(status=filters.status), after=filters.cursor
    )
    return PreventActionPage(
        items=[PreventActionOut.of(item, today) for item in page.items],
        next_cursor=page.next_cursor,
    )
