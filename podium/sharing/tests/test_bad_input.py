"""Bad input on the sharing forms and lists: a clear answer, never a 500 (Hypothesis)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podium.sharing import services
from podium.testing.personas import client_for
from podium.testing.sharing import facts, form_data, make_sharing

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def s(institution):
    return make_sharing(institution)


@FUZZ
@given(partner=text, necessity=text, basis=text, special=text, condition=text, shared_on=text)
def test_the_disclosure_form_answers_any_input(
    s, partner, necessity, basis, special, condition, shared_on
):
    url = reverse("sharing:disclosure-create") + f"?direction=outgoing&speaker={s.speaker.pk}"
    data = form_data(
        s,
        partner=partner,
        necessity=necessity,
        lawful_basis=basis,
        special_category=special,
        special_condition=condition,
        shared_on=shared_on,
    )
    assert client_for(s.prevent).post(url, data).status_code in {200, 302}


@FUZZ
@given(decision=text, reason=text, urgent=text)
def test_the_disclosure_actions_answer_any_input(s, decision, reason, urgent):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    send = reverse("sharing:disclosure-send", args=[d.pk])
    assert client_for(s.prevent).post(send, {"send-urgent_reason": urgent}).status_code == 302
    sign = reverse("sharing:disclosure-sign-off", args=[d.pk])
    response = client_for(s.dpo).post(sign, {"sign-decision": decision, "sign-reason": reason})
    assert response.status_code == 302


@FUZZ
@given(rag=text, summary=text, basis=text, state=text, after=text)
def test_the_answer_form_and_the_log_answer_any_input(s, rag, summary, basis, state, after):
    request = services.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner],
        question="Q?",
        due_on=None,
    )
    url = reverse("sharing:request-answer", args=[request.recipients.get().pk])
    response = client_for(s.prevent).post(
        url, {"rag": rag, "summary": summary, "lawful_basis": basis}
    )
    assert response.status_code in {200, 302}
    log = client_for(s.dpo).get(
        reverse("sharing:disclosure-list"), {"state": state, "after": after}
    )
    assert log.status_code == 200


@FUZZ
@given(name=text, kind=text, contact=text, route=text, starts=text, owner=text)
def test_the_register_forms_answer_any_input(s, name, kind, contact, route, starts, owner):
    partner = client_for(s.dpo).post(
        reverse("sharing:partner-list"),
        {"name": name, "kind": kind, "contact_name": contact, "contact_route": route},
    )
    assert partner.status_code in {200, 302}
    agreement = client_for(s.dpo).post(
        reverse("sharing:agreement-list"),
        {
            "title": name,
            "partners": [s.partner.pk],
            "purpose": contact,
            "data_categories": route,
            "lawful_bases": kind,
            "starts_on": starts,
            "retention_years": "6",
            "owner": owner,
        },
    )
    assert agreement.status_code in {200, 302}
