"""Bad input to the research pages gets a clear answer naming the field, never a
500 (QUALITY.md): arbitrary text in every field of the registration, decline,
renewal and lookup forms, and in the list's query parameters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.testing import factories
from podium.testing.personas import SignedInClients
from podium.testing.research import lists, register

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Each test signs its people in once, not once per example (SignedInClients).
client_for = SignedInClients()


@pytest.fixture(autouse=True)
def _sign_in_again_in_each_test():
    yield
    client_for.forget()


def _security(unit) -> User:
    found = User.objects.filter(email="fuzz.security@example.ac.uk").first()
    return found or factories.make_person_with_role(
        Role.HEAD_OF_SECURITY, unit, email="fuzz.security@example.ac.uk"
    )


@FUZZ
@given(
    title=text,
    kind=text,
    number=text,
    supervisor=text,
    unit=text,
    ethics=text,
    material=text,
    location=text,
    starts=text,
    ends=text,
)
def test_the_registration_form_answers_any_input(
    personas, title, kind, number, supervisor, unit, ethics, material, location, starts, ends
):
    lists()
    response = client_for(personas.organiser).post(
        reverse("research:create"),
        {
            "title": title,
            "researcher_kind": kind,
            "researcher_number": number,
            "supervisor": supervisor,
            "unit": unit,
            "ethics_reference": ethics,
            "material_kinds": [material],
            "storage_location": location,
            "storage_attested": "on",
            "starts_on": starts,
            "ends_on": ends,
        },
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(query=text, purpose=text, reason=text)
def test_the_lookup_answers_any_input(faculty, query, purpose, reason):
    response = client_for(_security(faculty)).post(
        reverse("research:lookup"), {"query": query, "purpose": purpose, "reason": reason}
    )
    assert response.status_code in {200, 400}


@FUZZ
@given(query=text, purpose=st.sampled_from(["police", "other"]))
def test_the_lookup_answers_any_name_or_number(faculty, query, purpose):
    """A valid purpose and reason: any query is looked up or refused by its field."""
    response = client_for(_security(faculty)).post(
        reverse("research:lookup"),
        {"query": query, "purpose": purpose, "reason": "Police asked about this person."},
    )
    assert response.status_code in {200, 400}


@FUZZ
@given(reason=text, ends_on=text, show=text, state=text, after=text)
def test_decline_renew_and_the_list_answer_any_input(
    personas, faculty, reason, ends_on, show, state, after
):
    approver = User.objects.filter(email="fuzz.approver@example.ac.uk").first() or (
        factories.make_person_with_role(
            Role.RESEARCH_GOVERNANCE, faculty, email="fuzz.approver@example.ac.uk"
        )
    )
    registration = register(personas.organiser, faculty)
    response = client_for(approver).post(
        reverse("research:decline", kwargs={"pk": registration.pk}), {"reason": reason}
    )
    assert response.status_code in {302, 400}
    response = client_for(personas.organiser).post(
        reverse("research:renew", kwargs={"pk": registration.pk}), {"ends_on": ends_on}
    )
    assert response.status_code in {302, 400}
    response = client_for(approver).get(
        reverse("research:list"), {"show": show, "state": state, "after": after}
    )
    assert response.status_code == 200
