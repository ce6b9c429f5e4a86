"""CSV and XLSX of the return: suppressed (selectors.export_rows), as everything
that leaves the team is. Text that a spreadsheet would run as a formula stays text
(prefixed in CSV; XLSX text cells are strings, never formulas), as in training's
exports. In the XLSX a number shown in full is a number (so it adds up), "<5" and
the rest are text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADINGS = ["Section", "Line", "Counted", "Number"]


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(title: str, rows: Iterable[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_safe(title)])
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


WIDTHS = {"A": 28, "B": 60, "C": 30, "D": 14}  # characters: each column readable on opening


def xlsx_bytes(title: str, rows: Iterable[tuple[str, ...]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Return")
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"

    def cells(values: Iterable[str], *, numbers: bool = False) -> list[Any]:
        out = []
        for index, value in enumerate(values):
            if numbers and index == len(HEADINGS) - 1 and value.isascii() and value.isdigit():
                out.append(WriteOnlyCell(sheet, value=int(value)))
                continue
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # a string, never run as a formula
            out.append(cell)
        return out

    sheet.append(cells([title]))
    sheet.append(cells(HEADINGS))
    for row in rows:
        sheet.append(cells(row, numbers=True))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
