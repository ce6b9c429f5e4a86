"""The statutory clock: one calendar month, two more with a reason, stopped days added."""

from datetime import date

import pytest

from podium.subject_access.clock import add_months, due_date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 12, 7), 1, date(2027, 1, 7)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_a_calendar_month_ends_on_the_same_day_or_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_the_due_date_adds_the_extension_and_every_stopped_day():
    received = date(2026, 3, 10)
    base = {"received_on": received, "today": date(2026, 3, 20)}
    assert due_date(extension_months=0, days_stopped=0, stopped_on=None, **base) == date(
        2026, 4, 10
    )
    assert due_date(extension_months=2, days_stopped=0, stopped_on=None, **base) == date(
        2026, 6, 10
    )
    assert due_date(extension_months=0, days_stopped=4, stopped_on=None, **base) == date(
        2026, 4, 14
    )
    # Stopped on the 15th and still stopped on the 20th: five days so far.
    stopped = due_date(extension_months=0, days_stopped=4, stopped_on=date(2026, 3, 15), **base)
    assert stopped == date(2026, 4, 19)
