"""`/api/v1/training/` (mounted by `config/api.py`): read staff and their
training status; post completions, one or many, with the same validation as the
pages and file imports. The same access rules as the pages (`access`). Operation
ids are fixed (`operation_id=`): they were generated from the module's old name,
`podium.training.api`, and generated clients use them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.api.kit import ERRORS, WRITE, Cursor, Id, In, InvalidInput, large_body, user_of
from podium.core.errors import DomainError
from podium.training import access, files, importing, selectors, services
from podium.training.models import Completion, Course, RequirementStatus, Source, StaffMember
from podium.training.rules import Status as TrainingStatus

router = Router(tags=["staff training"])

Text = Annotated[str, Field(max_length=200)]


def _id(name: str) -> str:
    return f"podium_training_api_{name}"


class StaffSummary(Schema):
    id: int
    staff_number: str
    full_name: str
    email: str
    unit: int
    unit_name: str
    group: str | None
    started_on: date
    left_on: date | None

    @staticmethod
    def of(staff: StaffMember) -> StaffSummary:
        return StaffSummary(
            id=staff.pk,
            staff_number=staff.staff_number,
            full_name=staff.full_name,
            email=staff.email,
            unit=staff.unit_id,
            unit_name=staff.unit.name,
            group=staff.group.name if staff.group_id else None,  # type: ignore[union-attr]
            started_on=staff.started_on,
            left_on=staff.left_on,
        )


class StaffPage(Schema):
    items: list[StaffSummary]
    next_cursor: str | None


class StatusOut(Schema):
    course: str
    course_code: str
    status: str = Field(description="compliant, due_soon, overdue or never")
    last_completed_on: date | None
    due_on: date | None

    @staticmethod
    def of(row: RequirementStatus) -> StatusOut:
        return StatusOut(
            course=row.course.name,
            course_code=row.course.code,
            status=TrainingStatus(row.status).value,  # type: ignore[attr-defined]
            last_completed_on=row.last_completed_on,
            due_on=row.due_on,
        )


class StaffOut(StaffSummary):
    line_manager: str | None
    statuses: list[StatusOut]


class StaffFilter(Schema):
    q: Annotated[str, Field(max_length=200)] = ""
    cursor: Cursor = None


class CompletionIn(In):
    staff_number: Annotated[str, Field(max_length=32)]
    course: Text = Field(description="The course's code or name.")
    completed_on: Annotated[str, Field(max_length=40)] = Field(description="2025-03-31")


class CompletionOut(Schema):
    id: int
    staff_number: str
    course: str
    completed_on: date


BULK_ROWS = 10_000
# 10,000 rows at their longest (about 320 bytes each in ASCII) fit with room for
# escaped non-ASCII text; more than Django's site-wide limit for form posts.
BULK_BODY_LIMIT = 10 * 1024 * 1024


class BulkIn(In):
    rows: Annotated[list[CompletionIn], Field(min_length=1, max_length=BULK_ROWS)]


class BulkOut(Schema):
    rows: int
    created: int


@router.get(
    "/staff",
    response={200: StaffPage, **ERRORS},
    summary="List staff",
    url_name="training-staff",
    operation_id=_id("staff_list"),
)
def staff_list(request: HttpRequest, filters: Query[StaffFilter]) -> StaffPage:
    """Current staff in units where you may see training, by name; 50 a page."""
    user = user_of(request)
    permissions.require(user, Capability.VIEW_TRAINING)
    page = selectors.staff_page(user=user, search=filters.q, after=filters.cursor)
    return StaffPage(items=[StaffSummary.of(s) for s in page.items], next_cursor=page.next_cursor)


@router.get(
    "/staff/{pk}",
    response={200: StaffOut, **ERRORS},
    summary="A staff member and their training status",
    url_name="training-staff-member",
    operation_id=_id("staff_detail"),
)
def staff_detail(request: HttpRequest, pk: Id) -> StaffOut:
    staff = access.get_staff_or_404(user_of(request), pk)
    summary = StaffSummary.of(staff)
    return StaffOut(
        **summary.dict(),
        line_manager=staff.line_manager.staff_number if staff.line_manager else None,
        statuses=[StatusOut.of(row) for row in selectors.statuses_of(staff)],
    )


def _errors(checked: importing.Checked) -> InvalidInput:
    fields = {"Staff number": "staff_number", "Course": "course", "Completed on": "completed_on"}
    return InvalidInput(
        [
            (f"rows.{row - 1}.{fields.get(column, column)}", message)
            for row, column, message in checked.errors
        ]
    )


@router.post(
    "/completions",
    response={201: CompletionOut, **ERRORS},
    auth=WRITE,
    summary="Record a completion",
    url_name="training-completions",
    operation_id=_id("completion_create"),
)
def completion_create(request: HttpRequest, payload: CompletionIn) -> Status[CompletionOut]:
    """One completion for a staff member in a unit where you keep training records."""
    user = user_of(request)
    permissions.require(user, Capability.MANAGE_TRAINING)
    # A NUL cannot be in a staff number (nor in PostgreSQL text): unknown, not a 500.
    staff = (
        None
        if "\x00" in payload.staff_number
        else StaffMember.objects.filter(access.staff_scope(user, Capability.MANAGE_TRAINING))
        .filter(staff_number=payload.staff_number)
        .first()
    )
    if staff is None:
        raise InvalidInput([("staff_number", f"Unknown staff number “{payload.staff_number}”.")])
    course_id = importing.course_lookup().get(payload.course.strip().lower())
    if course_id is None:
        raise InvalidInput([("course", f"Unknown course “{payload.course}”.")])
    completed_on = files.parse_date(payload.completed_on)
    if completed_on is None:
        raise InvalidInput([("completed_on", "Not a date (use 2025-03-31).")])
    try:
        completion = services.record_completion(
            acting_user=user,
            staff=staff,
            course=Course.objects.get(pk=course_id),
            completed_on=completed_on,
            source=Source.API,
        )
    except DomainError as error:
        raise InvalidInput(error.problems) from None
    return Status(201, _completion_out(completion))


def _completion_out(completion: Completion) -> CompletionOut:
    return CompletionOut(
        id=completion.pk,
        staff_number=completion.staff.staff_number,
        course=completion.course.code,
        completed_on=completion.completed_on,
    )


@router.post(
    "/completions/bulk",
    response={201: BulkOut, **ERRORS},
    auth=WRITE,
    summary="Record many completions, all or nothing",
    url_name="training-completions-bulk",
    operation_id=_id("completion_bulk"),
    openapi_extra=large_body(BULK_BODY_LIMIT),
)
def completion_bulk(request: HttpRequest, payload: BulkIn) -> Status[BulkOut]:
    """Up to 10,000 completions, in a body of at most 10 MiB (larger: 413). Every row
    is checked first, as for a file import; if any is wrong nothing is recorded and
    each error names its row (`rows.3.course`). For the whole institution's training
    administrators."""
    user = user_of(request)
    access.require_administrator(user)
    checked, created = services.record_completions(
        acting_user=user, rows=[row.dict() for row in payload.rows], source=Source.API
    )
    if checked.error_count:
        raise _errors(checked)
    return Status(201, BulkOut(rows=checked.rows, created=created))
