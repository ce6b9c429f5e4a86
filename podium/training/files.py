"""Reading HR and learning-system exports: CSV (UTF-8, any common dialect) or
XLSX (the first sheet). A file is read as a header row and then rows of text, so
the same validation applies to both formats; dates are parsed by `parse_date`."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from openpyxl import load_workbook

from podium.core.errors import DomainError

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
ALLOWED_CONTENT_TYPES = {
    ".csv": {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"},
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
        "application/zip",
    },
}
MAX_IMPORT_BYTES = 50 * 1024 * 1024  # 100,000 rows of a wide HR export fit easily
MAX_COLUMNS = 100
MAX_CELL = 500  # longer cells are cut: nothing we keep is longer

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y")


def extension_of(name: str) -> str:
    lowered = name.lower()
    return next((ext for ext in ALLOWED_EXTENSIONS if lowered.endswith(ext)), "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # NUL is never meaningful in a cell, and PostgreSQL text cannot hold it.
    return str(value).replace("\x00", "").strip()[:MAX_CELL]


def _csv_rows(stream: IO[bytes]) -> Generator[list[str], None, None]:
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    sample = wrapper.read(4096)
    wrapper.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(wrapper, dialect):
            yield [_text(cell) for cell in row[:MAX_COLUMNS]]
    except csv.Error as error:
        raise DomainError(f"The file could not be read as CSV: {error}.", field="file") from None
    finally:
        wrapper.detach()  # leave the uploaded file open for the caller


def too_many_rows() -> DomainError:
    return DomainError(
        f"The file has more than {settings.PODIUM_IMPORT_MAX_ROWS:,} rows: "
        "split it into smaller files.",
        field="file",
    )


def check_xlsx_unpacked_size(stream: IO[bytes]) -> None:
    """Refuse a workbook whose parts unpack to more than the limit, from the sizes
    its zip directory declares, before openpyxl inflates anything (a small file
    can unpack to gigabytes). zipfile itself stops reading a part at its declared
    size, so a part cannot lie its way past this check."""
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError("The file is not a readable XLSX workbook.", field="file") from None
    finally:
        stream.seek(0)
    if unpacked > settings.PODIUM_IMPORT_MAX_XLSX_UNPACKED_BYTES:
        limit_mb = settings.PODIUM_IMPORT_MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)
        raise DomainError(
            f"The workbook unpacks to more than {limit_mb:,} MB: "
            "save it as CSV or split it into smaller files.",
            field="file",
        )


def _xlsx_rows(stream: IO[bytes]) -> Generator[list[str], None, None]:
    check_xlsx_unpacked_size(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise DomainError("The file is not a readable XLSX workbook.", field="file") from None
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared size, read before any row is parsed; the count in
        # `read_rows` still holds when a workbook declares none or lies.
        declared = sheet.max_row if isinstance(sheet.max_row, int) else 0
        if declared > settings.PODIUM_IMPORT_MAX_ROWS + 1:
            raise too_many_rows()
        for row in sheet.iter_rows(values_only=True):
            yield [_text(cell) for cell in row[:MAX_COLUMNS]]
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], name: str) -> Iterator[list[str]]:
    """Every row of the file, the header row first. Wholly empty rows are skipped.
    More than PODIUM_IMPORT_MAX_ROWS data rows: a DomainError."""
    ext = extension_of(name)
    if not ext:
        raise DomainError("Upload a CSV or XLSX file.", field="file")
    rows = _csv_rows(stream) if ext == ".csv" else _xlsx_rows(stream)
    limit = settings.PODIUM_IMPORT_MAX_ROWS + 1  # and the header row
    kept = 0
    try:
        for row in rows:
            if any(row):
                kept += 1
                if kept > limit:
                    raise too_many_rows()
                yield row
    finally:
        rows.close()  # while the file is still open (a CSV reader detaches from it)


def read_header(stream: IO[bytes], name: str) -> list[str]:
    """The header row, or a DomainError naming what is wrong with the file."""
    header = next(read_rows(stream, name), None)
    if not header:
        raise DomainError("The file is empty: it needs a header row and data rows.", field="file")
    if len(set(header)) != len(header) or not all(header):
        raise DomainError(
            "Every column needs a heading, and no two headings may be the same.", field="file"
        )
    return header


def parse_date(value: str) -> date | None:
    """A date in one of the common spreadsheet forms, or None."""
    value = value.strip()
    if " " in value and value[:4].isdigit():  # "2024-05-01 00:00:00" from a spreadsheet
        value = value.split(" ", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
