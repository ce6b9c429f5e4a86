"""`/api/v1/subject-access-requests`: read the subject access request log (the DPO
and the auditor, as on the pages). Writes stay on the pages, where the DPO sees
what they release."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.api.kit import ERRORS, Cursor, Id, user_of
from podium.subject_access import selectors
from podium.subject_access.models import SubjectAccessRequest

router = Router(tags=["subject access requests"])


class SubjectAccessRequestOut(Schema):
    id: int
    reference: str
    requester_name: str
    received_on: date
    due_on: date
    status: str = Field(description="received, waiting, in_progress, reviewed or released")
    clock_stopped_on: date | None = Field(description="Set while the clock is stopped.")
    stop_reason: str = Field(description="identity or clarification, while the clock is stopped")
    days_stopped: int = Field(description="Days the clock was stopped, already added to due_on.")
    extension_months: int = Field(description="0, or 2 when extended with a reason.")
    identity_method: str = Field(description="How identity was checked; empty until it is.")
    identity_checked_on: date | None
    released_at: datetime | None

    @staticmethod
    def of(sar: SubjectAccessRequest) -> SubjectAccessRequestOut:
        return SubjectAccessRequestOut(
            id=sar.pk,
            reference=sar.reference,
            requester_name=sar.requester_name,
            received_on=sar.received_on,
            due_on=sar.due_on,
            status=sar.status,
            clock_stopped_on=sar.clock_stopped_on,
            stop_reason=sar.stop_reason,
            days_stopped=sar.days_stopped,
            extension_months=sar.extension_months,
            identity_method=sar.identity_method,
            identity_checked_on=sar.identity_checked_on,
            released_at=sar.released_at,
        )


class SubjectAccessRequestPage(Schema):
    items: list[SubjectAccessRequestOut]
    next_cursor: str | None


class SubjectAccessRequestFilter(Schema):
    open: bool = Field(False, description="Only requests not yet released.")
    cursor: Cursor = None


@router.get(
    "",
    response={200: SubjectAccessRequestPage, **ERRORS},
    summary="List subject access requests",
    url_name="subject-access-requests",
    operation_id="podium_subject_access_api_request_list",
)
def request_list(
    request: HttpRequest, filters: Query[SubjectAccessRequestFilter]
) -> SubjectAccessRequestPage:
    """The request log, soonest due first; 50 a page."""
    permissions.require_institution_wide(user_of(request), Capability.VIEW_SUBJECT_ACCESS)
    page = selectors.request_log(open_only=filters.open, after=filters.cursor)
    return SubjectAccessRequestPage(
        items=[SubjectAccessRequestOut.of(sar) for sar in page.items], next_cursor=page.next_cursor
    )


@router.get(
    "/{pk}",
    response={200: SubjectAccessRequestOut, **ERRORS},
    summary="A subject access request",
    url_name="subject-access-request",
    operation_id="podium_subject_access_api_request_detail",
)
def request_detail(request: HttpRequest, pk: Id) -> SubjectAccessRequestOut:
    permissions.require_institution_wide(user_of(request), Capability.VIEW_SUBJECT_ACCESS)
    sar = selectors.get_request(pk)
    if sar is None:
        raise Http404
    return SubjectAccessRequestOut.of(sar)
