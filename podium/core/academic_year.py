"""The academic year, as the regulators count it: 1 August to 31 July, turning at
midnight on 1 August in the institution's time zone (`settings.TIME_ZONE`). A
year is named by the calendar year it starts in (`start`) and written "2025–26"
everywhere a person reads it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings


def start_of(day: date) -> int:
    """The academic year `day` falls in."""
    return day.year if day.month >= 8 else day.year - 1


def label(start: int) -> str:
    """ "2025–26" for the year starting 1 August 2025."""
    return f"{start}–{str(start + 1)[-2:]}"


def bounds(start: int) -> tuple[date, date]:
    """Its first and last days: 1 August `start` and 31 July `start + 1`."""
    return date(start, 8, 1), date(start + 1, 7, 31)


def midnight(day: date) -> datetime:
    """The first moment of `day` in the institution's time zone."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def window(start: int) -> tuple[datetime, datetime]:
    """From midnight on 1 August `start` to midnight on 1 August `start + 1` (the
    first moment after the year), in the institution's time zone."""
    return midnight(date(start, 8, 1)), midnight(date(start + 1, 8, 1))
