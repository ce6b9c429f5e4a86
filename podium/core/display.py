"""Display values worked out once in Python for the 50-row lists (issue 20).

A `{{ value|date:"j M Y" }}` in a template loop costs a filter call, a time-zone
conversion and a `DateFormat` per cell; the lists' rows carry their dates as text
made here instead. `DateText` writes exactly what Django's `date` filter writes
for the formats it knows (`podium/core/tests/test_display.py` compares them for
every month, both sides of the clock change and midnight), in the current time
zone and with the current language's month abbreviations, looked up once per list.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.dates import MONTHS_3


class DateText:
    """`"j M Y"`, `"j M Y, H:i"` and `"j M Y, H:i:s"` of Django's `date` filter, with
    the month names translated once (make one per list, not one per row)."""

    def __init__(self) -> None:
        self.months = {number: str(name).title() for number, name in MONTHS_3.items()}

    def _local(self, value: date) -> date:
        # The `date` filter shows an aware date-time in the current time zone.
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value)
        return value

    def day(self, value: date | None) -> str:
        """`j M Y` ("7 Dec 2026"); "" for None, as the filter."""
        if value is None:
            return ""
        value = self._local(value)
        return f"{value.day} {self.months[value.month]} {value.year:04d}"

    def minute(self, value: datetime | None) -> str:
        """`j M Y, H:i` ("7 Dec 2026, 09:05")."""
        if value is None:
            return ""
        value = self._local(value)  # type: ignore[assignment]
        return (
            f"{value.day} {self.months[value.month]} {value.year:04d}, "
            f"{value.hour:02d}:{value.minute:02d}"
        )

    def second(self, value: datetime | None) -> str:
        """`j M Y, H:i:s` ("7 Dec 2026, 09:05:03")."""
        if value is None:
            return ""
        value = self._local(value)  # type: ignore[assignment]
        return f"{self.minute(value)}:{value.second:02d}"


def url_prefix(url_with_zero: str, marker: str = "/0/") -> str:
    """The part of a reversed URL before its id: `reverse("x", args=[0])` is
    "/things/0/", so a row's URL is the prefix, its id and "/" (one `reverse()` per
    list instead of one per row; the lists' tests compare with `reverse()`)."""
    head, found, tail = url_with_zero.rpartition(marker)
    if not found or tail:
        raise ValueError(f"{url_with_zero!r} does not end in an id.")
    return head + "/"
