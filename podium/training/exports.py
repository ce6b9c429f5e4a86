"""CSV and XLSX exports of status lists.

Text that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage
return) must stay text. In CSV, which has no types, such a cell is prefixed with an
apostrophe (OWASP: CSV injection); in XLSX every cell is written as a string, so the
text reads exactly as entered ("=1+1", not "'=1+1") and never runs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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
    """One status as the text of its cells, as entered (made safe by each format)."""
    return [
        row.staff.staff_number,
        row.staff.full_name,
        row.unit.name,
        row.group.name if row.group_id else "",
        row.course.name,
        Status(row.status).label,
        row.last_completed_on.isoformat() if row.last_completed_on else "",
        row.due_on.isoformat() if row.due_on else "",
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


# The dashboard's table by unit: each unit's own staff (not those of units below it).
UNIT_HEADINGS = [
    "Unit",
    "Units above",
    *(s.label for s in (Status.COMPLIANT, Status.DUE_SOON, Status.OVERDUE, Status.NEVER)),
    "Total",
]


def csv_lines(rows: Iterable[list[Any]], headings: list[str] = HEADINGS) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(headings)
    for row in rows:
        yield writer.writerow([safe(cell) for cell in row])


def _text(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # text, even when it starts with "=": never a formula
    return cell


def xlsx_bytes(rows: Iterable[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Training status")
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append([_text(sheet, cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
