"""The governor's sign-off freezes the figures; later changes show as differences.
The transparency report: published figures frozen, public; unpublished 404."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.reporting import selectors, services
from podium.reporting.models import ReturnSignOff, TransparencyReport
from podium.testing.governance import make_governor, make_lead, make_officer
from podium.testing.personas import client_for
from podium.testing.training import complete, make_course, make_staff

AFTER_YEAR = datetime(2026, 10, 1, 9, tzinfo=UTC)


@pytest.fixture
def trained(institution):
    course = make_course("Induction", code="IND")
    complete(make_staff("S1", institution), course, date(2025, 9, 1))
    return course


@time_machine.travel(AFTER_YEAR, tick=False)
def test_a_governor_signs_off_and_the_figures_freeze(institution, trained):
    governor = make_governor(institution, full_name="Gill Governor")
    response = client_for(governor).post(
        reverse("reporting:return-sign-off") + "?year=2025",
        {"signer_name": "Gill Governor", "signed_on": "2026-09-30", "minute_reference": "GB/26/7"},
    )
    assert response.status_code == 302
    sign_off = ReturnSignOff.objects.get(year=2025)
    assert sign_off.figures["training.induction"] == 1
    assert sign_off.minute_reference == "GB/26/7"
    entries = AuditEntry.objects.filter(action="reporting.return.signed_off")
    assert entries.count() == 1


@time_machine.travel(AFTER_YEAR, tick=False)
def test_a_later_change_shows_as_a_difference(institution, trained):
    governor = make_governor(institution)
    services.sign_off_return(
        acting_user=governor,
        year=2025,
        signer_name="Gill Governor",
        signed_on=date(2026, 9, 30),
        minute_reference="GB/26/7",
    )
    complete(make_staff("S2", institution), trained, date(2025, 10, 1))
    response = client_for(make_lead(institution)).get(
        reverse("reporting:return-detail") + "?year=2025"
    )
    [difference] = response.context["differences"]
    assert (difference.signed, difference.now) == (1, 2)
    assert "1 number changed since the sign-off." in response.content.decode()


@time_machine.travel(AFTER_YEAR, tick=False)
def test_a_return_is_signed_off_once(institution):
    governor = make_governor(institution)
    values: dict[str, Any] = {
        "signer_name": "G",
        "signed_on": date(2026, 9, 30),
        "minute_reference": "M1",
    }
    services.sign_off_return(acting_user=governor, year=2025, **values)
    with pytest.raises(DomainError, match="The 2025–26 return is already signed off."):
        services.sign_off_return(acting_user=governor, year=2025, **values)


@time_machine.travel(AFTER_YEAR, tick=False)
def test_a_year_not_ended_cannot_be_signed_off(institution):
    with pytest.raises(DomainError, match="only after its year ends"):
        services.sign_off_return(
            acting_user=make_governor(institution),
            year=2026,
            signer_name="G",
            signed_on=date(2026, 9, 30),
            minute_reference="M1",
        )


@time_machine.travel(AFTER_YEAR, tick=False)
def test_an_unpublished_report_is_not_found_and_a_published_one_is_public(institution):
    public = Client()
    url = reverse("reporting:transparency-detail", args=[2025])
    assert public.get(url).status_code == 404
    officer = make_officer(institution)
    response = client_for(officer).post(reverse("reporting:transparency-publish") + "?year=2025")
    assert response.status_code == 302
    report = TransparencyReport.objects.get(year=2025)
    assert report.figures["figures"]["approved"] == "0"
    page = public.get(url)
    assert page.status_code == 200
    assert "Free-speech transparency report 2025–26" in page.content.decode()
    assert AuditEntry.objects.filter(action="reporting.transparency.published").count() == 1


@time_machine.travel(AFTER_YEAR, tick=False)
def test_those_who_publish_see_last_years_unpublished_report_waiting_on_their_home(
    institution,
):
    line = "The 2025–26 free-speech transparency report is not published yet"
    officer = make_officer(institution)
    home = client_for(officer).get(reverse("core:home")).content.decode()
    assert line in home
    assert reverse("reporting:transparency-publish") + "?year=2025" in home
    # Not for those who do not publish it; gone once it is published.
    assert line not in client_for(make_lead(institution)).get(reverse("core:home")).content.decode()
    assert (
        line
        not in client_for(make_governor(institution)).get(reverse("core:home")).content.decode()
    )
    services.publish_transparency_report(acting_user=officer, year=2025)
    assert line not in client_for(officer).get(reverse("core:home")).content.decode()


@time_machine.travel(AFTER_YEAR, tick=False)
def test_the_year_awaiting_sign_off_is_the_last_one_ended(institution):
    assert selectors.awaiting_sign_off() == 2025
    services.sign_off_return(
        acting_user=make_governor(institution),
        year=2025,
        signer_name="G",
        signed_on=date(2026, 9, 30),
        minute_reference="M1",
    )
    assert selectors.awaiting_sign_off() is None


def _case(raised_by, lead_on: date) -> Any:
    from podium.concerns.models import Case, Ideology

    return Case.objects.create(
        raised_by=raised_by,
        raised_at=datetime(2025, 9, 1, 9, tzinfo=UTC),
        noticed="x",
        noticed_on=date(2025, 9, 1),
        ideology=Ideology.objects.get(name="Islamist"),
        lead_involved_on=lead_on,
    )


@time_machine.travel(AFTER_YEAR, tick=False)
def test_a_governor_never_sees_a_small_case_count_on_the_sign_off_or_its_differences(
    institution, trained
):
    """The sign-off page and the differences follow the concerns rule the return
    follows for a governor: small case counts, then and now, are withheld."""
    governor = make_governor(institution, full_name="Gill Governor")
    lead = make_lead(institution)
    _case(lead, date(2025, 10, 1))
    client = client_for(governor)
    form = client.get(reverse("reporting:return-sign-off") + "?year=2025")
    assert form.context["cells"]["cases.lead.islamist"].text == "<5"
    services.sign_off_return(
        acting_user=governor,
        year=2025,
        signer_name="Gill Governor",
        signed_on=date(2026, 9, 30),
        minute_reference="GB/26/7",
    )
    assert ReturnSignOff.objects.get(year=2025).figures["cases.lead.islamist"] == 1  # kept whole
    _case(lead, date(2025, 11, 1))
    complete(make_staff("S2", institution), trained, date(2025, 10, 1))

    response = client.get(reverse("reporting:return-detail") + "?year=2025")
    shown = {d.label: (d.signed_text, d.now_text) for d in response.context["differences"]}
    assert shown["Prevent cases: Islamist (the prevent lead was involved)"] == (
        "withheld",
        "withheld",
    )
    assert shown["Staff trained: Induction (staff)"] == ("1", "2")
    body = response.content.decode()
    assert "withheld" in body
    # The Prevent lead (a case role) sees both values.
    mine = client_for(lead).get(reverse("reporting:return-detail") + "?year=2025")
    whole = {d.label: (d.signed, d.now, d.withheld) for d in mine.context["differences"]}
    assert whole["Prevent cases: Islamist (the prevent lead was involved)"] == (1, 2, False)
    # The pack says how many numbers changed, not which.
    pack = client.get(reverse("reporting:return-pack") + "?year=2025")
    assert pack.context["changed"] == 3  # the Islamist and all-cases counts, induction
    assert "3 numbers changed since the sign-off" in pack.content.decode()
