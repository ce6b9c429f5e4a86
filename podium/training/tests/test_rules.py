from datetime import date

from podium.training.rules import Due, Status, add_months, in_date, next_due, status_on


def due(completions, **kwargs):
    options = {"due_within_days": 30, "renew_every_months": 24, "window_days": 60} | kwargs
    return next_due(started_on=date(2020, 1, 1), completions=completions, **options)


def test_never_trained_is_due_after_starting():
    result = due([])
    assert result == Due(None, date(2020, 1, 31), date(2019, 12, 2))
    assert status_on(result, date(2020, 1, 15)) == Status.NEVER


def test_completing_early_inside_the_window_extends_from_the_due_date():
    first = due([date(2020, 1, 10)])
    assert first.due_on == date(2022, 1, 10)
    renewed = due([date(2020, 1, 10), date(2021, 12, 1)])  # 40 days early: in the window
    assert renewed.due_on == date(2024, 1, 10)


def test_completing_before_the_window_extends_from_the_completion():
    renewed = due([date(2020, 1, 10), date(2021, 6, 1)])
    assert renewed.due_on == date(2023, 6, 1)


def test_completing_late_extends_from_the_completion():
    assert due([date(2020, 1, 10), date(2022, 3, 1)]).due_on == date(2024, 3, 1)


def test_statuses_through_time():
    result = due([date(2020, 1, 10)])
    assert status_on(result, date(2021, 1, 1)) == Status.COMPLIANT
    assert status_on(result, date(2021, 12, 1)) == Status.DUE_SOON
    assert status_on(result, date(2022, 1, 11)) == Status.OVERDUE


def test_a_course_taken_once_never_expires():
    result = due([date(2020, 1, 10)], renew_every_months=None)
    assert result.due_on is None
    assert status_on(result, date(2040, 1, 1)) == Status.COMPLIANT


def test_months_end_on_the_last_day_of_a_short_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_in_date():
    assert in_date(date(2024, 1, 1), 12, date(2024, 12, 31))
    assert not in_date(date(2024, 1, 1), 12, date(2025, 1, 2))
    assert not in_date(None, 12, date(2025, 1, 2))
    assert in_date(date(2000, 1, 1), None, date(2025, 1, 2))
