"""Factories for staff training tests: plain functions, as in `factories`."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from podium.accounts.models import OrgUnit, User
from podium.training.models import (
    Completion,
    Course,
    Requirement,
    ReturnCategory,
    Source,
    StaffGroup,
    StaffMember,
)
from podium.training.services import refresh_status


def make_group(name: str = "Student support") -> StaffGroup:
    return StaffGroup.objects.get_or_create(name=name)[0]


def make_course(
    name: str = "Prevent awareness",
    *,
    code: str = "",
    category: str = ReturnCategory.INDUCTION,
    validity_months: int | None = 24,
    required_to_decide: bool = False,
) -> Course:
    return Course.objects.create(
        name=name,
        code=code or name.upper().replace(" ", "-"),
        provider="Home Office",
        category=category,
        validity_months=validity_months,
        required_to_decide=required_to_decide,
    )


def make_requirement(
    course: Course,
    group: StaffGroup | None = None,
    *,
    role: str = "",
    due_within_days: int = 30,
    renew_every_months: int | None = 24,
    window_days: int = 60,
) -> Requirement:
    requirement = Requirement.objects.create(
        course=course,
        group=group,
        role=role,
        due_within_days=due_within_days,
        renew_every_months=renew_every_months,
        window_days=window_days,
    )
    refresh_status()
    return requirement


def make_staff(
    number: str,
    unit: OrgUnit,
    *,
    name: str = "",
    group: StaffGroup | None = None,
    started_on: date = date(2020, 1, 6),
    email: str = "",
    user: User | None = None,
    line_manager: StaffMember | None = None,
) -> StaffMember:
    staff = StaffMember.objects.create(
        staff_number=number,
        full_name=name or f"Staff {number}",
        email=email or f"staff{number}@example.ac.uk",
        unit=unit,
        group=group,
        started_on=started_on,
        user=user,
        line_manager=line_manager,
    )
    refresh_status([staff.pk])
    return staff


def complete(staff: StaffMember, course: Course, on: date) -> Completion:
    completion = Completion.objects.create(
        staff=staff, course=course, completed_on=on, source=Source.MANUAL
    )
    refresh_status([staff.pk])
    return completion


def csv_upload(rows: list[list[Any]], name: str = "export.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_upload(rows: list[list[Any]], name: str = "export.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        name,
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


STAFF_HEADER = [
    "Staff number",
    "Name",
    "Work e-mail",
    "Unit",
    "Staff group",
    "Line manager's staff number",
    "Start date",
    "Leaving date",
]
COMPLETION_HEADER = ["Staff number", "Course", "Completed on"]
