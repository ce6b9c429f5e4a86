"""Sharing a concern, the case and who may see it (issue 17, items 1 and 2)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Capability, Role, roles_with
from podium.audit.models import AuditEntry
from podium.concerns import services
from podium.concerns.models import (
    Case,
    CaseView,
    ConcernSettings,
    Ideology,
    Indicator,
    Jurisdiction,
    Stage,
    ViewedPart,
)
from podium.core.errors import DomainError
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Zanzibar-weasel-manifesto"
SECRET_NAME = "Quentin Oddlyname"
SECRET_NUMBER = "ZX998877"


def share(client, **overrides):
    data = {
        "immediate_danger": "no",
        "noticed": f"A student said {SECRET_TEXT}.",
        "noticed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "online_elements": "",
    } | overrides
    return client.post(reverse("concerns:share"), data)


def make_case(people, **overrides) -> Case:
    values = {
        "acting_user": people.lecturer,
        "noticed": f"Noticed {SECRET_TEXT}",
        "noticed_on": timezone.localdate(),
        "immediate_danger": False,
    } | overrides
    return services.share_concern(**values)


def test_anyone_signed_in_shares_and_sees_only_received(people):
    client = client_for(people.lecturer)
    assert client.get(reverse("concerns:share")).status_code == 200
    response = share(client, indicators=[Indicator.objects.first().pk])
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:shared")
    case = Case.objects.get()
    page = client.get(reverse("concerns:shared")).content.decode()
    assert "Received" in page
    assert SECRET_TEXT not in page and case.reference not in page
    assert client.get(reverse("concerns:case-detail", args=[case.pk])).status_code == 404


def test_the_share_page_shows_the_guidance_as_data(people):
    settings = ConcernSettings.current()
    settings.guidance = "Talk to Claire on extension 4242."
    settings.save()
    page = client_for(people.lecturer).get(reverse("concerns:share")).content.decode()
    assert "Talk to Claire on extension 4242." in page
    assert "call 999 first" in page


def test_immediate_danger_makes_the_case_urgent_and_tells_the_case_roles(people):
    share(client_for(people.lecturer), immediate_danger="yes")
    case = Case.objects.get()
    assert case.urgent and case.immediate_danger
    told = Message.objects.filter(subject__startswith="URGENT")
    assert set(told.values_list("recipient", flat=True)) == {people.officer.pk, people.lead.pk}
    assert all(SECRET_TEXT not in m.body for m in told)


def test_bad_input_is_refused_with_clear_messages(people):
    response = share(
        client_for(people.lecturer),
        immediate_danger="",
        noticed="  ",
        noticed_on="31-02-2026",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say whether anyone is in immediate danger." in page
    assert "Enter a real date" in page
    future = share(
        client_for(people.lecturer),
        noticed_on=(timezone.localdate() + timedelta(days=3)).isoformat(),
    )
    assert future.status_code == 400
    assert "not in the future" in future.content.decode()
    assert not Case.objects.exists()


OUTSIDE_ROLES = sorted(set(Role) - set(roles_with(Capability.HANDLE_CONCERNS)))


@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_a_case_is_404_for_every_role_outside_the_case_roles(role, people, institution):
    case = make_case(people)
    outsider = factories.make_person_with_role(role, institution)
    client = client_for(outsider)
    for name in ("case-detail", "case-update", "note-add", "identity"):
        url = reverse(f"concerns:{name}", args=[case.pk])
        method = client.get if name in ("case-detail", "identity") else client.post
        assert method(url).status_code == 404, (role, name)
    assert client.get(reverse("concerns:case-list")).status_code == 404


@pytest.mark.parametrize("role", sorted(roles_with(Capability.HANDLE_CONCERNS)))
def test_the_case_roles_see_the_case_and_every_view_is_logged(role, people, institution):
    case = make_case(people)
    holder = factories.make_person_with_role(role, institution)
    client = client_for(holder)
    assert client.get(reverse("concerns:case-list")).status_code == 200
    page = client.get(reverse("concerns:case-detail", args=[case.pk])).content.decode()
    assert SECRET_TEXT in page
    assert case.subject_reference in page
    view = CaseView.objects.get(case=case)
    assert (view.viewer, view.part, view.grant) == (holder, ViewedPart.CASE, None)


def test_the_identity_is_separate_and_every_opening_is_logged_without_it(people):
    case = make_case(people)
    client = client_for(people.officer)
    url = reverse("concerns:identity", args=[case.pk])
    response = client.post(
        url, {"full_name": SECRET_NAME, "number": SECRET_NUMBER, "contact": "q@example.ac.uk"}
    )
    assert response.status_code == 302
    detail = client.get(reverse("concerns:case-detail", args=[case.pk])).content.decode()
    assert SECRET_NAME not in detail  # the case page never shows who
    opened = client.get(url)
    assert SECRET_NAME in opened.content.decode()
    assert CaseView.objects.filter(case=case, part=ViewedPart.IDENTITY).count() == 1
    entry = AuditEntry.objects.get(action="concerns.identity.opened")
    assert entry.actor == people.officer and entry.data == {"break_glass": False}
    changed = AuditEntry.objects.get(action="concerns.identity.changed")
    assert changed.data == {"fields": ["contact", "full_name", "number"]}


def test_stages_are_dated_flags_in_order(people):
    case = make_case(people)
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.update_case(
            acting_user=people.officer, case=case, advice_sought_on=today, advice_from=""
        )
    fields = {field for field, _ in refused.value.problems}
    assert fields == {"advice_sought_on", "advice_from"}
    case = services.update_case(acting_user=people.officer, case=case, lead_involved_on=today)
    assert case.stage == Stage.LEAD_INVOLVED and case.triaged_on == today
    case = services.update_case(
        acting_user=people.lead, case=case, advice_sought_on=today, advice_from="ct_policing"
    )
    assert case.stage == Stage.ADVICE_SOUGHT
    case = services.update_case(acting_user=people.lead, case=case, referral_on=today)
    assert case.stage == Stage.REFERRED and case.referral_route == "channel"
    with pytest.raises(DomainError, match="outcome"):
        services.update_case(acting_user=people.lead, case=case, closed_on=today)
    case = services.update_case(
        acting_user=people.lead, case=case, closed_on=today, outcome="channel_pmap"
    )
    assert case.stage == Stage.CLOSED


def test_the_referral_route_follows_the_jurisdiction(people):
    settings = ConcernSettings.current()
    settings.jurisdiction = Jurisdiction.SCOTLAND
    settings.save()
    case = make_case(people)
    today = timezone.localdate()
    case = services.update_case(
        acting_user=people.lead, case=case, lead_involved_on=today, referral_on=today
    )
    assert case.referral_route == "pmap"


def test_a_stage_before_the_concern_was_shared_is_refused(people):
    case = make_case(people)
    with pytest.raises(DomainError, match="on or after the day"):
        services.update_case(acting_user=people.lead, case=case, lead_involved_on=date(2020, 1, 1))


def test_notes_are_append_only(people):
    case = make_case(people)
    client = client_for(people.officer)
    url = reverse("concerns:note-add", args=[case.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": f"Called {SECRET_NAME}"}).status_code == 302
    assert case.notes.count() == 1
    entry = AuditEntry.objects.get(action="concerns.note.added")
    assert set(entry.data) == {"note_id"}
    # No page changes or deletes a note.
    assert not [n for n in ("note-edit", "note-delete") if _exists(f"concerns:{n}")]


def _exists(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return False
    return True


def test_the_case_form_page_refuses_bad_input_clearly(people):
    case = make_case(people)
    response = client_for(people.officer).post(
        reverse("concerns:case-update", args=[case.pk]),
        {"referral_on": timezone.localdate().isoformat(), "review_on": "not a date"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a real date" in page


def test_audit_entries_and_notices_never_carry_the_text_or_the_identity(people):
    """Every POST of a whole case's life, then a search of every audit entry."""
    lecturer, officer, lead = (
        client_for(people.lecturer),
        client_for(people.officer),
        client_for(people.lead),
    )
    share(lecturer, immediate_danger="yes", online_elements=f"Forum {SECRET_TEXT}")
    case = Case.objects.get()
    today = timezone.localdate().isoformat()
    officer.post(
        reverse("concerns:identity", args=[case.pk]),
        {"full_name": SECRET_NAME, "number": SECRET_NUMBER, "contact": "07700 900123"},
    )
    officer.get(reverse("concerns:identity", args=[case.pk]))
    officer.post(reverse("concerns:note-add", args=[case.pk]), {"text": f"{SECRET_NAME} said"})
    ideology = Ideology.objects.first()
    lead.post(
        reverse("concerns:case-update", args=[case.pk]),
        {
            "ideology": ideology.pk,
            "lead_involved_on": today,
            "advice_sought_on": today,
            "advice_from": "local_authority",
            "referral_on": today,
        },
    )
    client_for(people.security).post(
        reverse("concerns:break-glass"),
        {"reference": case.reference, "reason": f"Incident with {SECRET_NAME}"},
    )
    lead.post(
        reverse("concerns:event-list"),
        {
            "occurred_on": today,
            "category": "serious_incident",
            "description": f"{SECRET_TEXT} incident",
            "case": case.reference,
            "follow_up": f"Speak to {SECRET_NAME}",
        },
    )
    entries = list(AuditEntry.objects.filter(action__startswith="concerns."))
    assert {e.action for e in entries} >= {
        "concerns.case.shared",
        "concerns.identity.changed",
        "concerns.identity.opened",
        "concerns.note.added",
        "concerns.case.changed",
        "concerns.break_glass.granted",
        "concerns.event.recorded",
    }
    every = json.dumps(
        [[e.target_label, e.data, e.actor_label] for e in AuditEntry.objects.all()],
        default=str,
    )
    for secret in (SECRET_TEXT, SECRET_NAME, SECRET_NUMBER, "07700"):
        assert secret not in every
    for message in Message.objects.all():
        for secret in (SECRET_TEXT, SECRET_NAME, SECRET_NUMBER):
            assert secret not in message.body and secret not in message.subject
