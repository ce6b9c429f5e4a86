"""CSV and XLSX exports of status lists. A cell that a spreadsheet would run as a
formula (starting =, +, -, @, tab or carriage return) is prefixed with an
apostrophe (OWASP: CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook

from podium.training.rules import Status

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADINGS = [
    "Staff number",
    "Name",
    "Unit",
    "Staff group",
    "Course",
    "Status",
    "Last completed",
    "Due",
]


def safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def status_row(row: Any) -> list[str]:
    return [
        safe(row.staff.staff_number),
        safe(row.staff.full_name),
        safe(row.unit.name),
        safe(row.group.name if row.group_id else ""),
        safe(row.course.name),
        Status(row.status).label,
        row.last_completed_on.isoformat() if row.last_completed_on else "",
        row.due_on.isoformat() if row.due_on else "",
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADINGS)
    for row in rows:
        yield writer.writerow(row)


def xlsx_bytes(rows: Iterable[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Training status")
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
