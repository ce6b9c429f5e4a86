"""The Prevent risk assessment: versions, sign-off, signed versions never change,
what changed since the last signed version, RAG bands, and the action plan's
reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.governance import selectors, services
from podium.governance.models import (
    ActionItem,
    AssessmentVersion,
    RagBand,
    RiskEntry,
    RiskTopic,
    SignedVersionError,
    VersionStatus,
)
from podium.governance.navigation import home_waiting
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.governance import (
    add_action,
    add_risk,
    make_governor,
    make_lead,
    risk_values,
    signed_version,
)
from podium.testing.personas import client_for


@pytest.fixture
def lead(institution):
    return make_lead(institution, full_name="Fatima Lead")


@pytest.fixture
def governor(institution):
    return make_governor(institution, full_name="Dame Governor")


def test_topics_and_bands_are_seeded(db):
    assert RiskTopic.objects.count() == 9
    assert "Students' union and societies" in set(RiskTopic.objects.values_list("name", flat=True))
    assert [(b.rating, b.min_score) for b in RagBand.objects.order_by("min_score")] == [
        ("green", 1),
        ("amber", 8),
        ("red", 15),
    ]


def test_a_version_is_prepared_sent_and_signed(lead, governor):
    version = services.start_version(acting_user=lead)
    entry = add_risk(lead, version)
    assert entry.gross_score == 15 and entry.residual_score == 8
    services.submit_version(acting_user=lead, version=version)
    # Governors hear of it.
    assert Message.objects.filter(recipient=governor, link__contains=f"/{version.pk}/").exists()
    signed = services.sign_off(
        acting_user=governor,
        version=version,
        signer_name="Dame Governor",
        signed_on=timezone.localdate(),
        minute_reference="GB 26/04",
    )
    assert signed.status == VersionStatus.SIGNED
    assert signed.signed_by == governor and signed.minute_reference == "GB 26/04"
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for code in (
        "governance.version.started",
        "governance.risk.added",
        "governance.version.submitted",
        "governance.version.signed",
    ):
        assert code in actions
    assert not selectors.assessment_is_stale()


def test_a_signed_version_never_changes(lead, governor):
    version = signed_version(lead, governor)
    entry = version.entries.earliest("pk")
    with pytest.raises(SignedVersionError):
        add_risk(lead, version)
    with pytest.raises(SignedVersionError):
        services.save_risk(
            acting_user=lead,
            version=version,
            entry=entry,
            **risk_values(lead, description="Changed."),
        )
    with pytest.raises(SignedVersionError):
        services.remove_risk(acting_user=lead, entry=entry)
    with pytest.raises(DomainError):
        services.return_version(acting_user=lead, version=version)
    with pytest.raises(SignedVersionError):
        services.sign_off(
            acting_user=governor,
            version=version,
            signer_name="Someone else",
            signed_on=timezone.localdate(),
            minute_reference="GB 99",
        )
    # Not even the models let it change.
    entry.description = "Changed behind the services' back."
    with pytest.raises(SignedVersionError), transaction.atomic():
        entry.save()
    with pytest.raises(SignedVersionError), transaction.atomic():
        entry.delete()
    entry.refresh_from_db()
    assert entry.description == "Risk number 1."
    version.refresh_from_db()
    assert version.minute_reference == "GB 26/01"


def test_a_signed_version_refuses_edits_through_the_pages(lead, governor):
    version = signed_version(lead, governor)
    entry = version.entries.first()
    client = client_for(lead)
    page = client.get(reverse("governance:risk-edit", args=[entry.pk]))
    assert "signed off and can no longer change" in page.content.decode()
    data = {**risk_values(lead, description="Changed."), "topic": entry.topic_id, "owner": lead.pk}
    response = client.post(reverse("governance:risk-edit", args=[entry.pk]), data)
    assert response.status_code == 200
    assert "signed off and can no longer change" in response.content.decode()
    entry.refresh_from_db()
    assert entry.description == "Risk number 1."


def test_only_one_version_in_preparation(lead, governor):
    services.start_version(acting_user=lead)
    with pytest.raises(DomainError, match="already being prepared"):
        services.start_version(acting_user=lead)


def test_a_draft_copies_the_last_signed_version_and_the_diff_shows_changes(lead, governor):
    first = signed_version(lead, governor, risks=3)
    draft = services.start_version(acting_user=lead)
    assert draft.number == 2 and draft.entries.count() == 3
    assert selectors.diff(first, draft) == []
    one, two, three = draft.entries.order_by("risk__reference")
    services.save_risk(
        acting_user=lead,
        version=draft,
        entry=one,
        **risk_values(lead, description="Risk number 1.", likelihood=5),
    )
    services.remove_risk(acting_user=lead, entry=two)
    new = add_risk(lead, draft, description="A new risk.")
    changes = selectors.diff(selectors.previous_signed(draft), draft)
    assert [(c.reference, c.kind) for c in changes] == [
        (str(one.risk), "changed"),
        (str(two.risk), "removed"),
        (str(new.risk), "added"),
    ]
    assert [(f.label, f.old, f.new) for f in changes[0].fields] == [("Likelihood", 3, 5)]
    # The signed version is untouched.
    assert first.entries.count() == 3
    page = client_for(lead).get(reverse("governance:assessment"))
    text = page.content.decode()
    assert "What changed since version 1" in text
    assert "Removed" in text and "Added" in text


def test_residual_cannot_exceed_gross_and_scores_are_1_to_5(lead):
    version = services.start_version(acting_user=lead)
    with pytest.raises(DomainError) as refused:
        add_risk(lead, version, likelihood=1, severity=1, residual_likelihood=2)
    assert refused.value.field == "residual_severity"
    with pytest.raises(DomainError) as refused:
        add_risk(lead, version, likelihood=6)
    assert refused.value.field == "likelihood"


def test_sign_off_needs_a_minute_a_name_and_a_sensible_date(lead, governor):
    version = services.start_version(acting_user=lead)
    add_risk(lead, version)
    with pytest.raises(DomainError, match="not sent this version"):
        services.sign_off(
            acting_user=governor,
            version=version,
            signer_name="X",
            signed_on=timezone.localdate(),
            minute_reference="M1",
        )
    services.submit_version(acting_user=lead, version=version)
    with pytest.raises(DomainError) as refused:
        services.sign_off(
            acting_user=governor,
            version=version,
            signer_name=" ",
            signed_on=timezone.localdate() + timedelta(days=1),
            minute_reference="",
        )
    assert {field for field, _ in refused.value.problems} == {
        "signer_name",
        "signed_on",
        "minute_reference",
    }


def test_roles_keep_to_their_part(lead, governor, institution):
    version = services.start_version(acting_user=lead)
    add_risk(lead, version)
    with pytest.raises(DomainError):
        add_risk(governor, version)
    services.submit_version(acting_user=lead, version=version)
    with pytest.raises(DomainError):
        services.sign_off(
            acting_user=lead,
            version=version,
            signer_name="Me",
            signed_on=timezone.localdate(),
            minute_reference="M",
        )
    # A governor may return it; then it is a draft again, which the lead may change.
    services.return_version(acting_user=governor, version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    someone = factories.make_person_with_role(Role.EVENTS_OFFICER, institution)
    assert client_for(someone).get(reverse("governance:assessment")).status_code == 403
    assert client_for(governor).get(reverse("governance:assessment")).status_code == 200
    assert (
        client_for(governor).get(reverse("governance:risk-add", args=[version.pk])).status_code
        == 403
    )
    assert (
        client_for(lead).get(reverse("governance:version-sign", args=[version.pk])).status_code
        == 403
    )


def test_rag_comes_from_the_bands(lead, admin_user_for_bands):
    version = services.start_version(acting_user=lead)
    entry = add_risk(lead, version, residual_likelihood=2, residual_severity=4)  # 8
    assert selectors.entries(version)[0].rag == "amber"
    services.save_bands(acting_user=admin_user_for_bands, amber_from=10, red_from=20)
    assert selectors.entries(version)[0].rag == "green"
    with pytest.raises(DomainError):
        services.save_bands(acting_user=admin_user_for_bands, amber_from=20, red_from=10)
    assert entry.residual_score == 8


@pytest.fixture
def admin_user_for_bands(institution):
    return factories.make_person_with_role(Role.ADMINISTRATOR, institution)


def test_reminders_before_and_after_the_deadline_once_each(lead, governor, institution):
    owner = factories.make_person_with_role(Role.HEAD_OF_SECURITY, institution)
    version = signed_version(lead, governor, risks=1)
    today = timezone.localdate()
    item = add_action(lead, version.entries.get(), deadline=today + timedelta(days=10), owner=owner)
    mail.outbox.clear()
    assert services.send_action_reminders(today=today) == {"due_soon": 1, "overdue": 0}
    assert services.send_action_reminders(today=today) == {"due_soon": 0, "overdue": 0}
    assert Message.objects.filter(recipient=owner, subject__contains="due").count() == 1
    later = today + timedelta(days=11)
    assert services.send_action_reminders(today=later) == {"due_soon": 0, "overdue": 1}
    assert services.send_action_reminders(today=later) == {"due_soon": 0, "overdue": 0}
    assert Message.objects.filter(recipient=owner, subject__startswith="Overdue").count() == 1
    assert AuditEntry.objects.filter(action="governance.reminders.sent").count() == 2
    # A done action is never reminded.
    item.status = "done"
    item.deadline = today + timedelta(days=3)
    item.save()
    assert services.send_action_reminders(today=today) == {"due_soon": 0, "overdue": 0}


def test_the_owner_reports_progress_but_not_the_deadline(lead, governor, institution):
    owner = factories.make_person_with_role(Role.HEAD_OF_SECURITY, institution)
    version = signed_version(lead, governor, risks=1)
    deadline = timezone.localdate() + timedelta(days=30)
    item = add_action(lead, version.entries.get(), deadline=deadline, owner=owner)
    client = client_for(owner)
    assert client.get(reverse("governance:assessment")).status_code == 403
    assert client.get(reverse("governance:my-actions")).status_code == 200
    response = client.post(
        reverse("governance:action-edit", args=[item.pk]),
        {
            "progress": "Half done.",
            "status": "in_progress",
            "deadline": "2030-01-01",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.progress == "Half done." and item.status == "in_progress"
    assert item.deadline == deadline
    stranger = factories.make_person_with_role(Role.HEAD_OF_SECURITY, institution)
    assert (
        client_for(stranger).get(reverse("governance:action-edit", args=[item.pk])).status_code
        == 404
    )


def test_home_cards(lead, governor, institution):
    assert [w.text for w in home_waiting(lead)] == [
        "The Prevent risk assessment has never been signed off"
    ]
    version = services.start_version(acting_user=lead)
    entry = add_risk(lead, version)
    services.submit_version(acting_user=lead, version=version)
    assert [w.text for w in home_waiting(governor)] == [
        f"Risk assessment version {version.number} awaits your sign-off"
    ]
    services.sign_off(
        acting_user=governor,
        version=version,
        signer_name="Dame Governor",
        signed_on=timezone.localdate(),
        minute_reference="GB 1",
    )
    assert home_waiting(governor) == []
    add_action(lead, entry, deadline=timezone.localdate() + timedelta(days=5))
    assert home_waiting(lead) == []
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        texts = [w.text for w in home_waiting(lead)]
    assert texts == [
        "1 Prevent action overdue",
        "The Prevent risk assessment was last signed off more than a year ago",
    ]


def test_the_sign_off_page_signs(lead, governor):
    version = services.start_version(acting_user=lead)
    add_risk(lead, version)
    services.submit_version(acting_user=lead, version=version)
    client = client_for(governor)
    url = reverse("governance:version-sign", args=[version.pk])
    assert "Dame Governor" in client.get(url).content.decode()
    bad = client.post(url, {"signer_name": "Dame Governor", "signed_on": "nonsense"})
    assert bad.status_code == 200 and "Error:" in bad.content.decode()
    response = client.post(
        url,
        {
            "signer_name": "Dame Governor",
            "signed_on": timezone.localdate().isoformat(),
            "minute_reference": "GB 26/04",
        },
    )
    assert response.status_code == 302
    assert AssessmentVersion.objects.get(pk=version.pk).is_signed


def test_demo_is_idempotent(db):
    from podium.accounts.demo import create_demo
    from podium.governance.demo import create_governance_demo

    create_demo(password="a demo passphrase 123")
    assert create_governance_demo() == 2
    assert create_governance_demo() == 0
    signed = selectors.last_signed()
    draft = selectors.open_version()
    assert signed is not None and draft is not None
    kinds = {c.kind for c in selectors.diff(signed, draft)}
    assert kinds == {"added", "removed", "changed"}
    assert selectors.overdue_count() == 2
    assert RiskEntry.objects.filter(version=signed).count() == 6
    assert ActionItem.objects.count() == 5


def test_the_governor_always_has_the_risk_assessment_card(lead, governor, personas):
    def card(user):
        home = client_for(user).get(reverse("core:home"))
        cards = {c.title: c for c in home.context["cards"]}
        return next((c for t, c in cards.items() if t.startswith("Prevent risk assessment")), None)

    never = card(governor)
    assert never.title == "Prevent risk assessment (never signed off)"
    assert {f.label: f.count for f in never.figures} == {
        "versions awaiting sign-off": 0,
        "Prevent actions overdue": 0,
    }
    version = services.start_version(acting_user=lead)
    add_risk(lead, version)
    services.submit_version(acting_user=lead, version=version)
    waiting = card(governor)
    awaiting = waiting.figures[0]
    assert awaiting.count == 1 and awaiting.attention
    assert awaiting.url == reverse("governance:version-sign", args=[version.pk])
    # The Prevent lead sees the same figures; only a signer's is marked to act on.
    assert not card(lead).figures[0].attention
    services.sign_off(
        acting_user=governor,
        version=version,
        signer_name="Dame Governor",
        signed_on=timezone.localdate(),
        minute_reference="GB 1",
    )
    assert card(governor).title.startswith("Prevent risk assessment (last signed off ")
    assert card(personas.organiser) is None


def test_the_action_plan_pages_past_fifty_actions(lead, governor):
    # Keyset-paged by deadline (a date): the next page's cursor must work.
    version = signed_version(lead, governor, risks=1)
    entry = version.entries.get()
    today = timezone.localdate()
    for n in range(51):
        add_action(lead, entry, deadline=today + timedelta(days=n % 7))
    client = client_for(lead)
    first = client.get(reverse("governance:action-list"))
    assert first.status_code == 200
    following = first.context["page"].next_cursor
    assert following
    second = client.get(reverse("governance:action-list"), {"after": following})
    assert second.status_code == 200
    shown = {a.pk for a in first.context["page"].items} | {
        a.pk for a in second.context["page"].items
    }
    assert len(shown) == 51


def test_the_assessment_shows_five_actions_a_risk_and_links_the_rest(lead, governor):
    version = signed_version(lead, governor, risks=1)
    entry = version.entries.get()
    today = timezone.localdate()
    done = add_action(lead, entry, deadline=today)
    done.status = "done"
    done.save()
    for n in range(7):
        add_action(lead, entry, deadline=today + timedelta(days=n))
    (row,) = selectors.entries(version)
    assert len(row.actions) == 5 and row.more_actions == 3
    assert all(a.is_open for a in row.actions)  # open ones first, the done one left out
    page = client_for(lead).get(reverse("governance:assessment")).content.decode()
    assert f"?risk={entry.risk_id}" in page and "3 more actions for this risk" in page
    listed = client_for(lead).get(reverse("governance:action-list"), {"risk": entry.risk_id})
    assert len(listed.context["page"].items) == 8
