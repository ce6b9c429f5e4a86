"""`/api/v1/concerns` (mounted by `config/api.py`): the cases, for the case roles
only; everyone else gets 404, as on the pages. Never the subject's identity, and
never through break-glass: the API is not for looking at one case in an incident."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from podium.api.kit import ERRORS, Cursor, Id, user_of
from podium.concerns import access, selectors, services
from podium.concerns.models import Case, ViewedPart

router = Router(tags=["Prevent concerns"])


class CaseSummary(Schema):
    id: int
    reference: str
    subject_reference: str
    raised_at: datetime
    urgent: bool
    stage: str = Field(description="new, triaged, lead_involved, advice_sought, referred or closed")
    ideology: str | None
    lead_involved_on: date | None
    advice_sought_on: date | None
    advice_from: str
    referral_on: date | None
    referral_route: str
    other_path: str
    outcome: str
    closed_on: date | None
    review_on: date | None

    @staticmethod
    def of(case: Case) -> CaseSummary:
        return CaseSummary(
            id=case.pk,
            reference=case.reference,
            subject_reference=case.subject_reference,
            raised_at=case.raised_at,
            urgent=case.urgent,
            stage=case.stage.value,
            ideology=case.ideology.name if case.ideology_id else None,  # type: ignore[union-attr]
            lead_involved_on=case.lead_involved_on,
            advice_sought_on=case.advice_sought_on,
            advice_from=case.advice_from,
            referral_on=case.referral_on,
            referral_route=case.referral_route,
            other_path=case.other_path,
            outcome=case.outcome,
            closed_on=case.closed_on,
            review_on=case.review_on,
        )


class CasePage(Schema):
    items: list[CaseSummary]
    next_cursor: str | None


class CaseFilter(Schema):
    show: Annotated[
        str,
        Field(
            pattern="^(open|urgent|new|review|closed|all)$",
            description="open (the default), urgent, new, review, closed or all",
        ),
    ] = "open"
    cursor: Cursor = None


class CaseOut(CaseSummary):
    noticed: str
    noticed_on: date
    online_elements: str
    indicators: list[str]


@router.get(
    "",
    response={200: CasePage, **ERRORS},
    summary="List Prevent concern cases",
    url_name="concerns-cases",
)
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> CasePage:
    """Cases newest first, 50 a page. The case roles only (404 for anyone else)."""
    access.require_case_role(user_of(request))
    page = selectors.case_page(filter_name=filters.show, after=filters.cursor)
    return CasePage(items=[CaseSummary.of(c) for c in page.items], next_cursor=page.next_cursor)


@router.get(
    "/{pk}",
    response={200: CaseOut, **ERRORS},
    summary="One Prevent concern case (without the subject's identity)",
    url_name="concerns-case",
)
def case_detail(request: HttpRequest, pk: Id) -> CaseOut:
    """One case; the view is logged like a page view. The case roles only."""
    user = user_of(request)
    access.require_case_role(user)
    case, _ = access.get_case_or_404(user, pk)
    services.log_view(viewer=user, case=case, part=ViewedPart.CASE)
    return CaseOut(
        **CaseSummary.of(case).dict(),
        noticed=case.noticed,
        noticed_on=case.noticed_on,
        online_elements=case.online_elements,
        indicators=[i.name for i in case.indicators.all()],
    )
