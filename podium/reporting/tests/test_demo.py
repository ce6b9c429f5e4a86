from __future__ import annotations

import pytest
from django.urls import reverse

from podium.accounts.demo import PERSONAS, create_demo
from podium.core import academic_year
from podium.events import selectors as events
from podium.events.demo import create_event_demo, create_last_year_demo
from podium.reporting import selectors
from podium.reporting.demo import create_return_demo
from podium.reporting.models import ReturnSignOff
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_gives_last_year_a_return_with_numbers_and_signs_the_year_before():
    create_demo(password="demo-password-for-tests")
    create_event_demo()
    assert create_last_year_demo() == 7
    assert create_return_demo() == 1
    assert create_last_year_demo() == 0 and create_return_demo() == 0
    year = selectors.latest_complete_year()
    lead = next(p for p in PERSONAS if p.local_part == "prevent.lead")
    from podium.accounts.models import User  # the persona's account, made by the demo

    client = client_for(User.objects.get(email=lead.email))
    home = client.get(reverse("core:home")).content.decode()
    assert f"Prevent return {academic_year.label(year + 1)}" in home
    page = client.get(reverse("reporting:return-detail"))
    figures = page.context["report"].figures
    assert figures["events.requests.approved"] == 2
    assert figures["events.requests.conditions_prevent"] == 1
    assert figures["events.requests.conditions_other"] == 1
    assert figures["events.requests.rejected_health_and_safety"] == 1
    assert figures["events.requests.withdrawn"] == 1
    assert figures["events.requests.lapsed"] == 1
    assert ReturnSignOff.objects.filter(year=year - 1).exists()
    # Last year's requests were submitted month by month, a month before each event,
    # so its dashboards show the year, not one month.
    dashboard = client.get(reverse("reporting:dashboard-requests") + f"?year={year}")
    assert dashboard.status_code == 200
    start, end = academic_year.window(year)
    months = {
        row.month
        for row in events.requests_by_month(user=page.wsgi_request.user, start=start, end=end)
    }
    assert len(months) >= 5
