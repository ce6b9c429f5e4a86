"""`podium.core.display`: the lists' dates as text must be exactly what Django's
`date` filter writes (issue 20), in the current time zone, and a row's URL exactly
the `reverse()` of its page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from podium.core.display import DateText, url_prefix

UTC = ZoneInfo("UTC")
FILTERS = Template('{{ v|date:"j M Y" }}|{{ v|date:"j M Y, H:i" }}|{{ v|date:"j M Y, H:i:s" }}')


def _instants() -> list[datetime]:
    start = datetime(2025, 12, 31, 22, 59, 59, tzinfo=UTC)
    # Every month, both clock changes (last Sundays of March and October),
    # midnight in London and in UTC, single-digit days and hours.
    found = [start + timedelta(days=d, hours=h) for d in range(0, 400, 9) for h in (0, 1, 2, 13)]
    found += [
        datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 6, 30, 23, 0, 0, tzinfo=UTC),
        datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC),
    ]
    return found


@pytest.mark.parametrize("zone", ["Europe/London", "UTC", "Asia/Kolkata"])
def test_dates_as_the_date_filter_writes_them(zone):
    with timezone.override(ZoneInfo(zone)):
        dates = DateText()
        for instant in _instants():
            expected = FILTERS.render(Context({"v": instant}))
            assert f"{dates.day(instant)}|{dates.minute(instant)}|{dates.second(instant)}" == (
                expected
            ), instant


def test_plain_dates_and_none():
    dates = DateText()
    for day in (date(2026, 1, 1), date(2026, 12, 31), date(2027, 5, 9)):
        assert dates.day(day) == Template('{{ v|date:"j M Y" }}').render(Context({"v": day}))
    assert dates.day(None) == dates.minute(None) == dates.second(None) == ""


def test_month_names_follow_the_language():
    with translation.override("de"):
        assert DateText().day(date(2026, 3, 1)) == Template('{{ v|date:"j M Y" }}').render(
            Context({"v": date(2026, 3, 1)})
        )


@pytest.mark.parametrize(
    "name", ["events:request-detail", "accounts:user-detail", "training:staff-detail"]
)
def test_url_prefix_and_an_id_is_the_page(name):
    prefix = url_prefix(reverse(name, args=[0]))
    for pk in (1, 10, 900, 123456789):
        assert f"{prefix}{pk}/" == reverse(name, args=[pk])


def test_url_prefix_refuses_a_url_not_ending_in_the_id():
    with pytest.raises(ValueError, match="does not end in an id"):
        url_prefix("/things/0/edit/")
