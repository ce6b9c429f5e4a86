"""Sharing pages as the sharing roles: who reaches what, the auditor's metadata-only
view, refusals shown on the field, the sections on the speaker and request pages,
the home cards, and constant queries for the lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.accounts.roles import Role
from podium.sharing import services
from podium.sharing.models import Disclosure, State
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.sharing import facts, form_data, make_sharing


@pytest.fixture
def s(institution):
    return make_sharing(institution)


def _detail(d: Disclosure) -> str:
    return reverse("sharing:disclosure-detail", args=[d.pk])


def test_roles_reach_the_log(s, institution):
    auditor = make_person_with_role(Role.AUDITOR, institution)
    organiser = make_person_with_role(Role.ORGANISER, institution)
    url = reverse("sharing:disclosure-list")
    for person in (s.prevent, s.security, s.dpo, s.safeguarding, auditor):
        assert client_for(person).get(url).status_code == 200
    for person in (organiser, s.admin):
        assert client_for(person).get(url).status_code == 403


def test_only_sharers_create_and_only_the_dpo_signs_off(s):
    create = reverse("sharing:disclosure-create") + f"?speaker={s.speaker.pk}"
    assert client_for(s.prevent).get(create).status_code == 200
    assert client_for(s.security).get(create).status_code == 200
    for person in (s.dpo, s.safeguarding, s.admin):
        assert client_for(person).get(create).status_code == 403
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    d = services.submit_for_sign_off(acting_user=s.prevent, disclosure=d)
    url = reverse("sharing:disclosure-sign-off", args=[d.pk])
    data = {"sign-decision": "approve"}
    for person in (s.prevent, s.security, s.safeguarding):
        assert client_for(person).post(url, data).status_code == 403
    assert client_for(s.dpo).post(url, data).status_code == 302
    d.refresh_from_db()
    assert d.state == State.APPROVED


def test_the_auditor_sees_metadata_without_the_data_shared(s, institution):
    auditor = make_person_with_role(Role.AUDITOR, institution)
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    page = client_for(auditor).get(_detail(d)).content.decode()
    assert "University of Northshire" in page and "D-" in page
    assert "Dr Jane Visiting" not in page
    assert "University of Elsewhere" not in page
    assert "They are assessing the same speaker." not in page
    full = client_for(s.safeguarding).get(_detail(d)).content.decode()
    assert "University of Elsewhere" in full and "Exactly the data shared" in full


def test_creating_through_the_page_snapshots_the_ticked_fields(s):
    url = reverse("sharing:disclosure-create") + f"?direction=outgoing&speaker={s.speaker.pk}"
    response = client_for(s.prevent).post(
        url, form_data(s, fields_shared=["name", "links", "due_diligence"])
    )
    assert response.status_code == 302
    d = Disclosure.objects.get()
    assert list(d.snapshot) == ["name", "links", "due_diligence"]
    page = client_for(s.prevent).get(_detail(d)).content.decode()
    assert "https://example.org/jane" in page and "University of Elsewhere" not in page


def test_special_category_without_condition_is_shown_on_the_fields(s):
    url = reverse("sharing:disclosure-create") + f"?direction=outgoing&speaker={s.speaker.pk}"
    response = client_for(s.prevent).post(url, form_data(s, special_category="on"))
    assert response.status_code == 200
    form = response.context["form"]
    assert "special_condition" in form.errors and "schedule1_paragraph" in form.errors
    assert not Disclosure.objects.exists()


def test_sending_without_sign_off_is_refused_on_the_page(s):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    response = client_for(s.prevent).post(
        reverse("sharing:disclosure-send", args=[d.pk]), {"send-urgent_reason": ""}, follow=True
    )
    assert "no DPO sign-off" in response.content.decode()
    d.refresh_from_db()
    assert d.state == State.DRAFT


def test_bad_ids_are_404_not_500(s):
    client = client_for(s.prevent)
    assert client.get(reverse("sharing:disclosure-create") + "?speaker=999999").status_code == 404
    assert client.get(reverse("sharing:disclosure-create") + "?direction=sideways").status_code
    assert (
        client.get(reverse("sharing:disclosure-list") + "?state=nope&after=zz").status_code == 200
    )
    assert client.get(reverse("sharing:request-create") + "?speaker=abc").status_code == 404


def test_answers_show_on_the_speaker_page_for_reviewers(s):
    request = services.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner, s.other_partner],
        question="Q?",
        due_on=None,
    )
    services.record_answer(
        acting_user=s.prevent,
        recipient=request.recipients.get(partner=s.partner),
        rag="amber",
        summary="Spoke with an independent chair.",
        lawful_basis="public_task",
    )
    page = (
        client_for(s.prevent)
        .get(reverse("speakers:speaker-detail", args=[s.speaker.pk]))
        .content.decode()
    )
    assert "What partners told us" in page
    assert "Spoke with an independent chair." in page
    assert "AUCSO North West" in page  # still to answer


def test_home_cards(s):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    services.submit_for_sign_off(acting_user=s.prevent, disclosure=d)
    refused = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    services.submit_for_sign_off(acting_user=s.prevent, disclosure=refused)
    services.sign_off(acting_user=s.dpo, disclosure=refused, approved=False, reason="No.")
    urgent = services.create_disclosure(acting_user=s.security, facts=facts(s))
    services.mark_sent(acting_user=s.security, disclosure=urgent, urgent_reason="Risk to life.")
    dpo_home = client_for(s.dpo).get(reverse("core:home")).content.decode()
    assert "1 disclosure awaiting your sign-off" in dpo_home
    assert "1 urgent disclosure to review after the fact" in dpo_home
    lead_home = client_for(s.security).get(reverse("core:home")).content.decode()
    assert "1 refused disclosure to correct" in lead_home
    from podium.sharing.navigation import home_cards

    [dpo_card] = home_cards(s.dpo)
    dpo_figures = {f.label: f for f in dpo_card.figures}
    assert dpo_figures["disclosures awaiting your sign-off"].count == 1
    assert dpo_figures["urgent disclosures to review after the fact"].count == 1
    assert "draft disclosures" not in dpo_figures
    listed = client_for(s.dpo).get(dpo_figures["disclosures awaiting your sign-off"].url)
    assert f">D-{d.pk}<" in listed.content.decode()
    assert f">D-{refused.pk}<" not in listed.content.decode()
    [sharer_card] = home_cards(s.security)
    sharer_figures = {f.label: f for f in sharer_card.figures}
    assert sharer_figures["refused disclosures to correct"].count == 1
    assert "disclosures awaiting your sign-off" not in sharer_figures
    due = client_for(s.dpo).get(dpo_figures["data sharing agreements due for review"].url)
    assert due.status_code == 200
    assert "No agreement is due for review." in due.content.decode()
    assert home_cards(s.admin)[0].figures[0].label == "data sharing agreements due for review"


def test_registers_for_dpo_and_admin_only(s):
    for name in (
        "sharing:partner-list",
        "sharing:purpose-list",
        "sharing:policy",
        "sharing:agreement-list",
    ):
        assert client_for(s.dpo).get(reverse(name)).status_code == 200
        assert client_for(s.admin).get(reverse(name)).status_code == 200
        assert client_for(s.prevent).get(reverse(name)).status_code == 403
    response = client_for(s.admin).post(
        reverse("sharing:partner-list"),
        {
            "name": "university of northshire",
            "kind": "university",
            "contact_name": "X",
            "contact_route": "Y",
        },
    )
    assert "already in the register" in str(response.context["form"].errors)


def test_the_log_costs_the_same_queries_for_1_and_50(s):
    client = client_for(s.dpo)

    def add(n: int) -> None:
        for _ in range(n):
            services.create_disclosure(acting_user=s.prevent, facts=facts(s))

    assert_constant_queries(
        get_page=lambda: client.get(reverse("sharing:disclosure-list")),
        add_rows=add,
        ceiling=14,
    )


def test_the_requests_list_costs_the_same_queries_for_1_and_50(s):
    client = client_for(s.dpo)

    def add(n: int) -> None:
        for _ in range(n):
            services.ask_partners(
                acting_user=s.prevent,
                speaker_id=s.speaker.pk,
                partners=[s.partner, s.other_partner],
                question="Q?",
                due_on=None,
            )

    assert_constant_queries(
        get_page=lambda: client.get(reverse("sharing:request-list")),
        add_rows=add,
        ceiling=14,
    )
