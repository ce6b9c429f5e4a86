"""`/api/v1/complaints`: the free-speech complaints register for reporting (the
transparency report, the governing body): stages, dates, schemes and outcomes.
No complainant's name, address or words: those stay on the pages. Read only; the
same access as the pages (`access.can_view_complaints`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from podium.api.kit import ERRORS, Cursor, user_of
from podium.governance import access, selectors
from podium.governance.models import Complaint

router = Router(tags=["free-speech complaints"])


class ComplaintOut(Schema):
    id: int
    complainant_kind: str = Field(description="student, staff, member, applicant or speaker")
    event_request: str | None = Field(description="the event request's reference, if linked")
    matter_on: date
    received_on: date
    stage: str = Field(description="with_provider, escalated or closed")
    provider_due: date = Field(description="received_on + 30 calendar days")
    provider_response_on: date | None
    provider_overdue: bool = Field(description="still with us, unanswered, past the 30 days")
    external_limit: date = Field(description="12 months after the matter complained of")
    scheme: str = Field(description="oia or ofs once escalated; empty before")
    escalated_on: date | None
    external_reference: str
    outcome: str
    closed_on: date | None

    @staticmethod
    def of(complaint: Complaint, today: date) -> ComplaintOut:
        clocks = selectors.clocks(complaint, today)
        return ComplaintOut(
            id=complaint.pk,
            complainant_kind=complaint.complainant_kind,
            event_request=complaint.event_request.reference if complaint.event_request else None,
            matter_on=complaint.matter_on,
            received_on=complaint.received_on,
            stage=complaint.stage,
            provider_due=clocks.provider_due,
            provider_response_on=complaint.provider_response_on,
            provider_overdue=clocks.provider_overdue and not complaint.provider_response_on,
            external_limit=clocks.external_limit,
            scheme=complaint.scheme,
            escalated_on=complaint.escalated_on,
            external_reference=complaint.external_reference,
            outcome=complaint.outcome,
            closed_on=complaint.closed_on,
        )


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    next_cursor: str | None


class ComplaintFilterIn(Schema):
    stage: Annotated[
        str,
        Field(
            pattern="^(|overdue|with_provider|escalated|closed)$",
            description="overdue, or one stage; empty for all",
        ),
    ] = ""
    cursor: Cursor = None


@router.get(
    "",
    response={200: ComplaintPage, **ERRORS},
    summary="The free-speech complaints register",
    url_name="complaints",
    operation_id="podium_governance_api_complaints",
)
def complaint_list(request: HttpRequest, filters: Query[ComplaintFilterIn]) -> ComplaintPage:
    """Complaints, most recently received first, 50 a page."""
    if not access.can_view_complaints(user_of(request)):
        raise PermissionDenied
    today = timezone.localdate()
    page = selectors.complaints_page(
        filters=selectors.ComplaintFilter(stage=filters.stage), after=filters.cursor
    )
    return ComplaintPage(
        items=[ComplaintOut.of(c, today) for c in page.items], next_cursor=page.next_cursor
    )
