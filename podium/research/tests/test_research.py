"""The research register: states and their refusals, who sees what, the lookup
(spelling-tolerant, refused without a reason, audited), the job and the home card."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.core.registry import HOME_PANELS
from podium.notify.models import Message
from podium.research import selectors, services
from podium.research.models import Lookup, LookupPurpose, State
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.research import facts, form_data, register

pytestmark = pytest.mark.django_db

REASON = "Police asked whether this student's research is registered (ref 123)."


@pytest.fixture
def world():
    institution = factories.make_institution()
    faculty = factories.make_unit(parent=institution, name="Faculty of Social Sciences")
    politics = factories.make_unit(parent=faculty, name="Politics", kind=UnitKind.DEPARTMENT)
    chemistry = factories.make_unit(parent=faculty, name="Chemistry", kind=UnitKind.DEPARTMENT)
    return {
        "institution": institution,
        "politics": politics,
        "chemistry": chemistry,
        "student": factories.make_user(full_name="Yusuf Al-Hassan"),
        "supervisor": factories.make_user(full_name="Dr Priya Natarajan"),
        "approver": factories.make_person_with_role(Role.RESEARCH_GOVERNANCE, politics),
        "governance": factories.make_person_with_role(Role.RESEARCH_GOVERNANCE, institution),
        "security": factories.make_person_with_role(Role.HEAD_OF_SECURITY, institution),
        "prevent": factories.make_person_with_role(Role.PREVENT_LEAD, institution),
        "outsider": factories.make_user(),
        "chem_approver": factories.make_person_with_role(Role.RESEARCH_GOVERNANCE, chemistry),
    }


def test_student_registration_needs_supervisor_and_approver(world):
    r = register(world["student"], world["politics"], supervisor=world["supervisor"])
    assert r.state == State.SUBMITTED
    assert r.awaiting == ["supervisor", "approver"]
    # The supervisor and approvers hear (the unit's and the institution's approvers).
    told = set(Message.objects.values_list("recipient_id", flat=True))
    assert {world["supervisor"].pk, world["approver"].pk, world["governance"].pk} <= told
    r = services.approve(acting_user=world["supervisor"], registration=r)
    assert r.state == State.SUBMITTED and r.awaiting == ["approver"]
    r = services.approve(acting_user=world["approver"], registration=r)
    assert r.state == State.REGISTERED
    codes = list(
        AuditEntry.objects.filter(target_id=str(r.pk), action__startswith="research.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert codes == [
        "research.registration.submitted",
        "research.registration.approved",
        "research.registration.approved",
    ]


def test_staff_registration_needs_only_the_approver(world):
    r = register(world["outsider"], world["politics"])
    assert r.awaiting == ["approver"]
    r = services.approve(acting_user=world["approver"], registration=r)
    assert r.state == State.REGISTERED


def test_refusals_name_the_field(world):
    with pytest.raises(DomainError) as error:
        services.register(
            acting_user=world["student"],
            facts=facts(
                world["politics"],
                researcher_kind="student",
                supervisor=None,
                storage_attested=False,
                material_kinds=[],
                ethics_reference=" ",
            ),
        )
    fields = {field for field, _ in error.value.problems}
    assert {"supervisor", "storage_attested", "material_kinds", "ethics_reference"} <= fields


def test_only_approvers_approve_and_not_their_own(world):
    r = register(world["student"], world["politics"], supervisor=world["supervisor"])
    for person in (world["outsider"], world["chem_approver"], world["security"], world["student"]):
        with pytest.raises(DomainError):
            services.approve(acting_user=person, registration=r)
    own = register(world["approver"], world["politics"])
    with pytest.raises(DomainError):
        services.approve(acting_user=world["approver"], registration=own)


def test_decline_close_renew_and_expire(world):
    r = register(world["outsider"], world["politics"])
    with pytest.raises(DomainError) as error:
        services.decline(acting_user=world["approver"], registration=r, reason="  ")
    assert error.value.field == "reason"
    declined = services.decline(acting_user=world["approver"], registration=r, reason="No.")
    assert declined.state == State.DECLINED
    with pytest.raises(DomainError):
        services.approve(acting_user=world["approver"], registration=declined)

    r = services.approve(
        acting_user=world["approver"], registration=register(world["outsider"], world["politics"])
    )
    today = timezone.localdate()
    # Ending soon: reminded once per end date.
    r.ends_on = today + timedelta(days=10)
    r.save()
    Message.objects.all().delete()
    assert services.expire_and_remind(today=today) == {"expired": 0, "reminded": 1}
    assert services.expire_and_remind(today=today) == {"expired": 0, "reminded": 0}
    assert Message.objects.filter(recipient=world["outsider"]).count() == 1
    # Past the end date: expired.
    assert services.expire_and_remind(today=r.ends_on + timedelta(days=1))["expired"] == 1
    r.refresh_from_db()
    assert r.state == State.EXPIRED
    # Renewal extends, and is approved again.
    with pytest.raises(DomainError):
        services.renew(
            acting_user=world["approver"], registration=r, ends_on=today + timedelta(days=400)
        )
    r = services.renew(
        acting_user=world["outsider"], registration=r, ends_on=today + timedelta(days=400)
    )
    assert r.state == State.SUBMITTED and r.renewals == 1 and r.awaiting == ["approver"]
    r = services.approve(acting_user=world["approver"], registration=r)
    assert r.state == State.REGISTERED and r.ends_on == today + timedelta(days=400)
    r = services.close(acting_user=world["outsider"], registration=r)
    assert r.state == State.CLOSED
    with pytest.raises(DomainError):
        services.close(acting_user=world["outsider"], registration=r)


def test_who_sees_which(world):
    r = register(world["student"], world["politics"], supervisor=world["supervisor"])
    url = reverse("research:detail", kwargs={"pk": r.pk})
    for who in ("student", "supervisor", "approver", "governance"):
        assert client_for(world[who]).get(url).status_code == 200, who
    for who in ("outsider", "chem_approver", "security", "prevent"):
        assert client_for(world[who]).get(url).status_code == 404, who
    page = client_for(world["student"]).get(url)
    assert b"not an ethics review" in page.content.lower()


def test_lookup_by_misspelt_name_and_number(world):
    r = register(world["student"], world["politics"], supervisor=world["supervisor"])
    register(world["outsider"], world["chemistry"])
    result = services.lookup(
        acting_user=world["security"], query="Yousef Alhasan", purpose="police", reason=REASON
    )
    assert [x.pk for x in result.registrations] == [r.pk]
    by_number = services.lookup(
        acting_user=world["prevent"], query="20231187", purpose="other", reason=REASON
    )
    assert r.pk in [x.pk for x in by_number.registrations]
    entry = AuditEntry.objects.filter(action="research.lookup.made").order_by("sequence").first()
    assert entry.actor == world["security"]
    assert entry.data == {"purpose": "police", "kind": "name", "found": 1}
    assert REASON not in str(entry.data)  # the written reason stays on the lookup log
    assert Lookup.objects.count() == 2


def test_lookup_without_a_reason_is_refused(world):
    for purpose, reason in (
        ("police", ""),
        ("police", "   short "),
        ("", REASON),
        ("nonsense", REASON),
    ):
        with pytest.raises(DomainError):
            services.lookup(
                acting_user=world["security"], query="Yusuf", purpose=purpose, reason=reason
            )
    assert not Lookup.objects.exists()
    assert not AuditEntry.objects.filter(action="research.lookup.made").exists()
    response = client_for(world["security"]).post(
        reverse("research:lookup"), {"query": "Yusuf", "purpose": "police", "reason": ""}
    )
    assert response.status_code == 400
    assert b"reason" in response.content.lower()


def test_lookup_page_and_log(world):
    r = register(world["student"], world["politics"], supervisor=world["supervisor"])
    url = reverse("research:lookup")
    for who in ("outsider", "student", "approver"):
        if who == "approver":
            continue  # the approver is a governance officer: may look up
        assert client_for(world[who]).get(url).status_code == 403
    response = client_for(world["security"]).post(
        url, {"query": "Yusuf Al Hasan", "purpose": "police", "reason": REASON}
    )
    assert response.status_code == 200
    assert r.reference.encode() in response.content
    assert b"ETH-2026-041" in response.content
    assert b"Dr Priya Natarajan" in response.content
    log = client_for(world["governance"]).get(reverse("research:lookup-log"))
    assert log.status_code == 200
    assert REASON.encode() in log.content.replace(b"&#x27;", b"'")
    assert client_for(world["security"]).get(reverse("research:lookup-log")).status_code == 403


def test_registering_through_the_page(world):
    client = client_for(world["student"])
    assert client.get(reverse("research:create")).status_code == 200
    response = client.post(
        reverse("research:create"), form_data(world["politics"], supervisor=world["supervisor"])
    )
    assert response.status_code == 302
    bad = form_data(world["politics"], supervisor=world["supervisor"])
    bad.pop("storage_attested")
    bad["supervisor"] = ""
    response = client.post(reverse("research:create"), bad)
    assert response.status_code == 200
    assert b"supervisor" in response.content.lower()


def test_home_cards(world):
    r = register(world["student"], world["politics"], supervisor=world["supervisor"])
    panel = next(p for p in HOME_PANELS if p.name == "research")
    assert panel.waiting is not None
    assert any("awaiting your approval" in w.text for w in panel.waiting(world["supervisor"]))
    assert any("awaiting your approval" in w.text for w in panel.waiting(world["approver"]))
    assert panel.cards is not None
    [card] = panel.cards(world["governance"])
    figures = {f.label: f for f in card.figures}
    assert figures["awaiting approval in all"].count == 1
    assert figures["registered"].count == 0
    assert panel.cards(world["outsider"]) == []
    assert panel.cards(world["student"]) == []
    assert panel.waiting(world["outsider"]) == []
    services.approve(acting_user=world["supervisor"], registration=r)
    r = services.approve(acting_user=world["approver"], registration=r)
    r.ends_on = timezone.localdate() + timedelta(days=5)
    r.save()
    assert any("ending soon" in w.text for w in panel.waiting(world["student"]))
    [card] = panel.cards(world["governance"])
    ending = next(f for f in card.figures if f.label.startswith("ending within"))
    assert ending.count == 1
    response = client_for(world["governance"]).get(ending.url)
    assert response.status_code == 200
    assert r.title in response.content.decode()


def test_lists_page_for_the_administrator(world):
    admin = factories.make_person_with_role(Role.ADMINISTRATOR, world["institution"])
    client = client_for(admin)
    url = reverse("research:lists")
    assert client.get(url).status_code == 200
    assert client.post(url, {"list": "location", "location-name": "Vault B"}).status_code == 302
    assert client.post(url, {"list": "location", "location-name": ""}).status_code == 400
    assert client_for(world["governance"]).get(url).status_code == 403


def test_list_page_filters(world):
    register(world["student"], world["politics"], supervisor=world["supervisor"])
    client = client_for(world["supervisor"])
    for show in ("mine", "to_approve", "all", "bogus"):
        assert client.get(reverse("research:list"), {"show": show, "state": "x"}).status_code == 200
    page = selectors.registration_page(user=world["supervisor"], show="to_approve")
    assert len(page.items) == 1


def test_demo_is_idempotent(db):
    from podium.accounts.demo import create_demo
    from podium.research.demo import create_research_demo

    create_demo(password="pw-demo-123456")
    assert create_research_demo("pw-demo-123456") == 6
    assert create_research_demo("pw-demo-123456") == 0
    states = set(
        __import__(
            "podium.research.models", fromlist=["Registration"]
        ).Registration.objects.values_list("state", flat=True)
    )
    assert states == set(State.values)
    assert Lookup.objects.filter(purpose=LookupPurpose.POLICE).count() == 1


def test_seed_adds_registrations_the_lookup_finds(world):
    import random

    from podium.core.registry import SeedRun
    from podium.research.models import Registration
    from podium.research.seed import seed_research

    run = SeedRun(
        scale=0,
        rng=random.Random(1),  # noqa: S311 - seed data, not secrets
        options={},
        write=lambda line: None,
    )
    assert seed_research(count=30, run=run) == 30
    assert Registration.objects.count() == 30
    seeded = Registration.objects.select_related("researcher").first()
    result = services.lookup(
        acting_user=world["governance"],
        query=seeded.researcher.full_name,
        purpose="other",
        reason=REASON,
    )
    assert seeded in result.registrations


def test_lookup_finds_a_name_misspelt_in_its_first_letters(world, monkeypatch):
    """On SQLite the candidates share a token's first or last letters and the nearest
    come first (PostgreSQL: trigram distance), so "Sam Okafor" finds "Kam Okafor"
    even when more other Okafors come first than the lookup scores."""
    monkeypatch.setattr(selectors, "NEAREST", 4)
    for n in range(6):
        register(factories.make_user(full_name=f"Aisha Bilal{n} Okafor"), world["politics"])
    wanted = register(factories.make_user(full_name="Kam Okafor"), world["politics"])
    result = services.lookup(
        acting_user=world["security"], query="Sam Okafor", purpose="police", reason=REASON
    )
    assert result.registrations[0].pk == wanted.pk
