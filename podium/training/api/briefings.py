"""`/api/v1/briefings` (mounted by `config/api.py`): which student organisers hold
an in-date student event-organiser briefing, and recording a briefing session's
attendance. The same rules as the pages (`briefings.selectors`, `.services`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from podium.accounts import permissions
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.api.kit import ERRORS, WRITE, Cursor, In, user_of, validated
from podium.training.briefings import forms, selectors, services

router = Router(tags=["student organiser briefings"])


class OrganiserOut(Schema):
    id: int
    full_name: str
    email: str
    organises_for: list[str] = Field(description="The societies and union units they organise")
    briefed_until: date | None = Field(description="Last day their briefing is in date")
    status: str = Field(description="briefed, expiring, lapsed or not_briefed")

    @staticmethod
    def of(person: User, today: date, window: int) -> OrganiserOut:
        until = person.briefed_until  # type: ignore[attr-defined]
        if until is None:
            status = "not_briefed"
        elif until < today:
            status = "lapsed"
        elif (until - today).days <= window:
            status = "expiring"
        else:
            status = "briefed"
        return OrganiserOut(
            id=person.pk,
            full_name=person.full_name,
            email=person.email,
            organises_for=[a.unit.name for a in person.organiser_units],  # type: ignore[attr-defined]
            briefed_until=until,
            status=status,
        )


class OrganiserPage(Schema):
    items: list[OrganiserOut]
    next_cursor: str | None


class OrganiserFilter(Schema):
    status: Literal["", "briefed", "not_briefed", "expiring"] = ""
    cursor: Cursor = None


class AttendanceIn(In):
    student_email: Annotated[str, Field(max_length=254)] = Field(
        description="The student organiser's e-mail address in Podium."
    )
    attended_on: Annotated[str, Field(max_length=40)] = Field(description="2026-10-05")


class BriefingCompletionOut(Schema):
    id: int
    student_email: str
    version: int
    method: str
    completed_on: date
    valid_until: date


@router.get(
    "",
    response={200: OrganiserPage, **ERRORS},
    summary="List student organisers and their briefing",
    url_name="briefings",
)
def organiser_list(request: HttpRequest, filters: Query[OrganiserFilter]) -> OrganiserPage:
    """Student organisers (the organiser role over a society or students' union unit)
    in your units, by name, 50 a page; `status` filters as the page does."""
    user = user_of(request)
    permissions.require(user, Capability.VIEW_BRIEFINGS)
    page = selectors.organiser_page(viewer=user, status=filters.status, after=filters.cursor)
    today, window = timezone.localdate(), selectors.remind_days()
    return OrganiserPage(
        items=[OrganiserOut.of(p, today, window) for p in page.items],
        next_cursor=page.next_cursor,
    )


@router.post(
    "/attendances",
    response={201: BriefingCompletionOut, **ERRORS},
    auth=WRITE,
    summary="Record a briefing session's attendance",
    url_name="briefing-attendances",
)
def attendance_create(request: HttpRequest, payload: AttendanceIn) -> Status[BriefingCompletionOut]:
    """A named student organiser attended a briefing session on a day; the version
    in force that day is recorded. 400 naming the field for an unknown student or a
    future date."""
    user = user_of(request)
    permissions.require(user, Capability.MANAGE_BRIEFINGS)
    data = validated(forms.AttendanceForm(payload.dict()))
    completion = services.record_attendance(
        acting_user=user, student_email=data["student_email"], attended_on=data["attended_on"]
    )
    return Status(
        201,
        BriefingCompletionOut(
            id=completion.pk,
            student_email=completion.student.email,
            version=completion.version.number,
            method=completion.method,
            completed_on=completion.completed_on,
            valid_until=completion.valid_until,
        ),
    )
