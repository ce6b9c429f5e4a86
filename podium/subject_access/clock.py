"""The statutory clock (UK GDPR Art 12(3)): one calendar month from receipt,
extendable by two further months with a reason, stopped while the DPO waits for
proof of identity or a clarification (ICO guidance, "stopping the clock")."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later; when that month is shorter, its
    last day (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(
    *,
    received_on: date,
    extension_months: int,
    days_stopped: int,
    stopped_on: date | None,
    today: date,
) -> date:
    """When the answer is due: one month from receipt, plus any extension, plus every
    day the clock has been stopped (including, while it is stopped, the days so far)."""
    stopped = days_stopped + ((today - stopped_on).days if stopped_on else 0)
    return add_months(received_on, 1 + extension_months) + timedelta(days=max(stopped, 0))
