"""Validating and applying HR and completion imports. All-or-nothing: every row is
checked first, every bad row reported with its reason; only a clean file is
applied, in one transaction with its audit entry (see `services.run_import`).

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower

from podium.accounts.models import OrgUnit
from podium.training.files import parse_date
from podium.training.models import Completion, Course, ImportKind, StaffGroup, StaffMember


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool


STAFF_COLUMNS = [
    Column("staff_number", "Staff number", True),
    Column("full_name", "Name", True),
    Column("email", "Work e-mail", False),
    Column("unit", "Unit", True),
    Column("group", "Staff group", False),
    Column("line_manager", "Line manager's staff number", False),
    Column("started_on", "Start date", True),
    Column("left_on", "Leaving date", False),
]
COMPLETION_COLUMNS = [
    Column("staff_number", "Staff number", True),
    Column("course", "Course", True),
    Column("completed_on", "Completed on", True),
]
COLUMNS = {ImportKind.STAFF: STAFF_COLUMNS, ImportKind.COMPLETIONS: COMPLETION_COLUMNS}
MAX_REPORTED_ERRORS = 1000
CHUNK = 2000

RowError = tuple[int, str, str]  # (row number, column label, message)
Progress = Callable[[int], None]


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Our column -> their heading, where a heading plainly names it."""
    lowered = {h.strip().lower().replace("_", " "): h for h in headers}
    guess = {}
    for column in COLUMNS[ImportKind(kind)]:
        for name in (column.label.lower(), column.key.replace("_", " ")):
            if name in lowered:
                guess[column.key] = lowered[name]
                break
    return guess


def mapped_rows(
    rows: Iterable[list[str]], headers: list[str], mapping: dict[str, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {our column: cell}) for each data row."""
    index = {key: headers.index(heading) for key, heading in mapping.items() if heading}
    for number, row in enumerate(rows, start=2):
        yield number, {key: row[i] if i < len(row) else "" for key, i in index.items()}


@dataclass
class Checked:
    """The outcome of validation: errors, or the clean records to apply."""

    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    records: list[object] = field(default_factory=list)

    def add(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append((row, column, message))


# --- Completions -----------------------------------------------------------------


@dataclass(frozen=True)
class CompletionRow:
    row: int
    staff_id: int
    course_id: int
    completed_on: date


def course_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for pk, code, name in Course.objects.filter(is_active=True).values_list("pk", "code", "name"):
        lookup[name.strip().lower()] = pk
        lookup[code.strip().lower()] = pk
    return lookup


def check_completions(
    rows: Iterable[tuple[int, dict[str, str]]], *, today: date, progress: Progress | None = None
) -> Checked:
    checked = Checked()
    courses = course_lookup()
    staff_ids = dict(StaffMember.objects.values_list("staff_number", "pk"))
    seen: dict[tuple[int, int, date], int] = {}
    pending: list[CompletionRow] = []

    def flush() -> None:
        # Already recorded? One query per chunk, not per row.
        if not pending:
            return
        existing = set(
            Completion.objects.filter(
                staff_id__in={r.staff_id for r in pending},
                course_id__in={r.course_id for r in pending},
            ).values_list("staff_id", "course_id", "completed_on")
        )
        for record in pending:
            if (record.staff_id, record.course_id, record.completed_on) in existing:
                checked.add(record.row, "Completed on", "Duplicate: already recorded.")
            else:
                checked.records.append(record)
        pending.clear()

    for number, cells in rows:
        checked.rows += 1
        ok = True
        staff_number = cells.get("staff_number", "").strip()
        staff_id = staff_ids.get(staff_number)
        if not staff_number:
            checked.add(number, "Staff number", "The staff number is missing.")
            ok = False
        elif staff_id is None:
            checked.add(number, "Staff number", f"Unknown staff number “{staff_number}”.")
            ok = False
        course_name = cells.get("course", "").strip()
        course_id = courses.get(course_name.lower())
        if course_id is None:
            message = (
                f"Unknown course “{course_name}”." if course_name else "The course is missing."
            )
            checked.add(number, "Course", message)
            ok = False
        raw = cells.get("completed_on", "").strip()
        completed = parse_date(raw) if raw else None
        if not raw:
            checked.add(number, "Completed on", "The completion date is missing.")
            ok = False
        elif completed is None:
            checked.add(number, "Completed on", f"“{raw}” is not a date (use 2025-03-31).")
            ok = False
        elif completed > today:
            checked.add(number, "Completed on", "The completion date is in the future.")
            ok = False
        if not ok:
            continue
        assert staff_id is not None
        assert course_id is not None
        assert completed is not None
        key = (staff_id, course_id, completed)
        if key in seen:
            checked.add(number, "Completed on", f"Duplicate of row {seen[key]}.")
            continue
        seen[key] = number
        pending.append(CompletionRow(number, staff_id, course_id, completed))
        if len(pending) >= CHUNK:
            flush()
        if progress and checked.rows % CHUNK == 0:
            progress(checked.rows)
    flush()
    return checked


# --- The staff directory ---------------------------------------------------------


@dataclass(frozen=True)
class StaffRow:
    row: int
    staff_number: str
    full_name: str
    email: str
    unit_id: int
    group_id: int | None
    line_manager: str  # a staff number, resolved when applying
    started_on: date
    left_on: date | None


def check_staff(
    rows: Iterable[tuple[int, dict[str, str]]], *, today: date, progress: Progress | None = None
) -> Checked:
    checked = Checked()
    units: dict[str, int | None] = {}
    for pk, name in (
        OrgUnit.objects.filter(is_active=True)
        .annotate(lowered=Lower("name"))
        .values_list("pk", "lowered")
    ):
        units[name] = None if name in units else pk  # None: more than one unit has it
    groups = {
        name: pk
        for pk, name in StaffGroup.objects.filter(is_active=True)
        .annotate(lowered=Lower("name"))
        .values_list("pk", "lowered")
    }
    seen: dict[str, int] = {}
    records: list[StaffRow] = []
    for number, cells in rows:
        checked.rows += 1
        ok = True
        staff_number = cells.get("staff_number", "").strip()
        if not staff_number:
            checked.add(number, "Staff number", "The staff number is missing.")
            ok = False
        elif len(staff_number) > 32:
            checked.add(number, "Staff number", "The staff number is longer than 32 characters.")
            ok = False
        elif staff_number in seen:
            checked.add(number, "Staff number", f"Duplicate of row {seen[staff_number]}.")
            ok = False
        else:
            seen[staff_number] = number
        full_name = cells.get("full_name", "").strip()
        if not full_name:
            checked.add(number, "Name", "The name is missing.")
            ok = False
        email = cells.get("email", "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                checked.add(number, "Work e-mail", f"“{email}” is not an e-mail address.")
                ok = False
        unit_name = cells.get("unit", "").strip()
        unit_id = units.get(unit_name.lower())
        if unit_id is None:
            message = (
                "The unit is missing."
                if not unit_name
                else f"Unknown unit “{unit_name}”."
                if unit_name.lower() not in units
                else f"More than one unit is called “{unit_name}”: rename one in Podium."
            )
            checked.add(number, "Unit", message)
            ok = False
        group_name = cells.get("group", "").strip()
        group_id = groups.get(group_name.lower()) if group_name else None
        if group_name and group_id is None:
            checked.add(number, "Staff group", f"Unknown staff group “{group_name}”.")
            ok = False
        started = _date(checked, number, "Start date", cells.get("started_on", ""), required=True)
        left = _date(checked, number, "Leaving date", cells.get("left_on", ""), required=False)
        if started is False or left is False:
            ok = False
        elif isinstance(started, date) and started > today:
            pass  # future starters are imported: their training falls due later
        if isinstance(started, date) and isinstance(left, date) and left < started:
            checked.add(number, "Leaving date", "The leaving date is before the start date.")
            ok = False
        if ok:
            assert unit_id is not None
            assert isinstance(started, date)
            records.append(
                StaffRow(
                    row=number,
                    staff_number=staff_number,
                    full_name=full_name[:200],
                    email=email.lower(),
                    unit_id=unit_id,
                    group_id=group_id,
                    line_manager=cells.get("line_manager", "").strip(),
                    started_on=started,
                    left_on=left if isinstance(left, date) else None,
                )
            )
        if progress and checked.rows % CHUNK == 0:
            progress(checked.rows)
    # Line managers: someone in this file or already in the directory.
    known = set(seen) | set(
        StaffMember.objects.filter(
            staff_number__in={r.line_manager for r in records if r.line_manager}
        ).values_list("staff_number", flat=True)
    )
    for record in records:
        if record.line_manager and record.line_manager not in known:
            checked.add(
                record.row,
                "Line manager's staff number",
                f"Unknown line manager “{record.line_manager}”.",
            )
        elif record.line_manager == record.staff_number:
            checked.add(
                record.row, "Line manager's staff number", "A person cannot manage themselves."
            )
        else:
            checked.records.append(record)
    return checked


def _date(
    checked: Checked, row: int, label: str, raw: str, *, required: bool
) -> date | bool | None:
    """The date, None when empty and optional, False after reporting an error."""
    raw = raw.strip()
    if not raw:
        if required:
            checked.add(row, label, f"The {label.lower()} is missing.")
            return False
        return None
    parsed = parse_date(raw)
    if parsed is None:
        checked.add(row, label, f"“{raw}” is not a date (use 2025-03-31).")
        return False
    return parsed
