"""Each person's home (waiting lines, cards, sections) is kept across requests the way
the navigation is (`podium.core.navigation.kept`, `podium.home.selectors.panels_for`):
under the person, today's date and the navigation's versions (the audit log's head,
the unread count), and until the first instant a card changes with the clock alone
(`HomeCard.until`: a break-glass grant expiring, an event starting). After every
kind of change a card shows, the home shows what a fresh computation shows; one
person's home is never shown to another (issues 19 and 20).

Transactional tests: inside a transaction nothing is kept (a version read there may
belong to work that is rolled back), and these tests are about what is kept."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts import services as account_services
from podium.accounts.models import RoleAssignment, User
from podium.accounts.roles import Role
from podium.concerns import services as concern_services
from podium.core import navigation
from podium.core.registry import HOME_PANELS
from podium.events import services as event_services
from podium.events.models import EventRequest
from podium.home import selectors
from podium.notify import services as notify_services
from podium.testing import training as t
from podium.testing.events import approval, make_request
from podium.testing.factories import grant, make_person_with_role, make_user
from podium.testing.personas import client_for
from podium.testing.queries import count_queries
from podium.training import services as training_services

pytestmark = pytest.mark.django_db(transaction=True)


def fresh(user: User) -> User:
    """The person as the next request loads them (no per-request caches)."""
    return User.objects.get(pk=user.pk)


def computed(user: User) -> list[selectors.Parts]:
    """Every panel's parts asked of the apps now (inside a transaction: nothing kept)."""
    with transaction.atomic():
        parts, key = selectors.panels_for(fresh(user))
    assert key is None
    return parts


def shown(user: User) -> dict[str, dict[str, int]]:
    """The cards the home shows now (kept or not), checked against a fresh
    computation, data and markup: {card title: {figure label: count}}."""
    parts, _ = selectors.panels_for(fresh(user))
    assert parts == computed(user)
    html = selectors.panels_html(fresh(user))
    with transaction.atomic():
        assert html == selectors.panels_html(fresh(user))
    return {
        card.title: {figure.label: figure.count for figure in card.figures}
        for _, cards, _ in parts
        for card in cards
    }


def lines(user: User) -> list[str]:
    parts, _ = selectors.panels_for(fresh(user))
    assert parts == computed(user)
    return [line.text for waiting, _, _ in parts for line in waiting]


@pytest.fixture
def lead(institution):
    return make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Fatima Lead")


@pytest.fixture
def officer(faculty):
    return make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")


def test_a_home_seen_again_is_kept(personas, lead):
    """The first view computes and keeps; the next reads only the versions for it (and
    its markup), in one statement shared with the navigation."""
    client = client_for(lead)
    home = reverse("core:home")
    first = count_queries(lambda: client.get(home))
    again = count_queries(lambda: client.get(home))
    assert first > 10 and again == 3  # session, user, the versions (shared with the navigation)
    parts, key = selectors.panels_for(fresh(lead))
    assert key is not None and parts == computed(lead)


def test_inside_a_transaction_nothing_is_kept_or_read(lead):
    navigation.clear_cache()
    with transaction.atomic():
        selectors.panels_html(fresh(lead))
    assert caches[navigation.CACHE_ALIAS]._cache == {}


def test_never_shown_to_another_person(personas, lead, institution, faculty):
    """Two people with the same versions (one log head, no unread messages) and the
    same date each see their own home; so do two people with the same roles."""
    other_lead = make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Other Lead")
    grant(other_lead, Role.ORGANISER, faculty)
    mine, organisers = shown(lead), shown(personas.organiser)
    assert mine != organisers
    assert shown(personas.organiser) == organisers and shown(lead) == mine
    # Kept for the first lead; the second lead's home is their own (and the reverse).
    theirs = shown(other_lead)
    assert "Your event requests" in theirs and "Your event requests" not in mine
    assert shown(lead) == mine and shown(other_lead) == theirs


def test_requests_submitted_decided_and_withdrawn(personas, faculty, officer):
    assert shown(personas.organiser)["Your event requests"] == {}
    assert shown(officer)["Reviewing event requests"]["waiting for you"] == 0
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True, late_reason="L")
    assert shown(personas.organiser)["Your event requests"] == {"In review": 1}
    assert shown(officer)["Reviewing event requests"]["waiting for you"] == 1
    event_services.decide(acting_user=officer, event_request=request, facts=approval())
    assert shown(personas.organiser)["Your event requests"] == {"Approved": 1}
    assert shown(officer)["Reviewing event requests"]["waiting for you"] == 0
    second = make_request(organiser=personas.organiser, unit=faculty, submit=True, late_reason="L")
    assert shown(officer)["Reviewing event requests"]["waiting for you"] == 1
    event_services.withdraw_request(
        acting_user=personas.organiser, event_request=second, reason="Cancelled"
    )
    assert shown(officer)["Reviewing event requests"]["waiting for you"] == 0


def test_due_soon_becomes_overdue_at_midnight_with_no_write(personas, faculty, officer):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True, late_reason="L")
    due = EventRequest.objects.get(pk=request.pk).due_on
    assert due is not None
    last_minute = timezone.make_aware(datetime.combine(due, time(23, 58)))
    with time_machine.travel(last_minute):
        card = shown(officer)["Reviewing event requests"]
        assert (card["overdue"], card["waiting for you"]) == (0, 1)
    with time_machine.travel(last_minute + timedelta(minutes=3)):  # the next day
        assert shown(officer)["Reviewing event requests"]["overdue"] == 1


def test_a_concern_shared_shows_on_the_case_roles_home(lead):
    assert shown(lead)["Prevent concern cases"]["new, to triage"] == 0
    concern_services.share_concern(
        acting_user=make_user(full_name="Dr Lecturer"),
        noticed="Something worrying",
        noticed_on=timezone.localdate(),
        immediate_danger=False,
    )
    assert shown(lead)["Prevent concern cases"]["new, to triage"] == 1
    assert "1 new concern to triage" in lines(lead)


def test_a_break_glass_grant_expiring_leaves_the_card_by_the_minute(lead, institution):
    """No write marks a grant's expiry: the card is kept only until it (`until`). The
    home is looked at two minutes before and one after, well within what is kept
    (`navigation.TIMEOUT`), on the same day."""
    security = make_person_with_role(Role.HEAD_OF_SECURITY, institution, full_name="Sid")
    case = concern_services.share_concern(
        acting_user=make_user(full_name="Dr Lecturer"),
        noticed="Something worrying",
        noticed_on=timezone.localdate(),
        immediate_danger=False,
    )
    start = timezone.now().replace(hour=8, minute=0)
    with time_machine.travel(start):
        grant = concern_services.break_glass(
            acting_user=security, reference=case.reference, reason="Why"
        )
    assert timezone.localdate(grant.expires_at) == timezone.localdate(start)
    live = "cases under live break-glass access"
    with time_machine.travel(grant.expires_at - timedelta(minutes=2)):
        assert shown(lead)["Prevent concern cases"][live] == 1
        assert shown(lead)["Prevent concern cases"][live] == 1  # kept
    with time_machine.travel(grant.expires_at + timedelta(minutes=1)):
        assert shown(lead)["Prevent concern cases"][live] == 0


def test_an_event_starting_leaves_securitys_fortnight_by_the_minute(personas, faculty, officer):
    """An event leaves the next 14 days when it starts and one comes into them 14 days
    before it starts: no write marks either, so the card is kept until the first."""
    security = make_person_with_role(Role.HEAD_OF_SECURITY, faculty, full_name="Sid Security")
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    card = "Events in the next 14 days"
    first = start + timedelta(hours=2)
    far = start + timedelta(days=14, hours=1)  # comes within 14 days at 10:00
    with time_machine.travel(start):
        request = make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            starts_at=first,
            late_reason="Arranged at short notice.",
        )
        event_services.decide(acting_user=officer, event_request=request, facts=approval())
        make_request(
            organiser=personas.organiser, unit=faculty, submit=True, starts_at=far, late_reason="L"
        )
    comes = far - timedelta(days=14)
    with time_machine.travel(comes - timedelta(minutes=2)):
        assert shown(security)[card]["events on the calendar"] == 1
        assert shown(security)[card]["events on the calendar"] == 1  # kept
    with time_machine.travel(comes + timedelta(minutes=1)):
        assert shown(security)[card]["events on the calendar"] == 2
    with time_machine.travel(first - timedelta(minutes=2)):
        assert shown(security)[card]["events on the calendar"] == 2
        assert shown(security)[card]["events on the calendar"] == 2  # kept
    with time_machine.travel(first + timedelta(minutes=1)):
        assert shown(security)[card]["events on the calendar"] == 1


def test_an_event_leaving_the_fortnight_with_none_coming(personas, faculty, officer):
    security = make_person_with_role(Role.HEAD_OF_SECURITY, faculty, full_name="Sid Security")
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    card = "Events in the next 14 days"
    with time_machine.travel(start):
        request = make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            starts_at=start + timedelta(hours=2),
            late_reason="Arranged at short notice.",
        )
        event_services.decide(acting_user=officer, event_request=request, facts=approval())
    with time_machine.travel(start + timedelta(hours=2, minutes=-2)):
        assert shown(security)[card]["events on the calendar"] == 1
        assert shown(security)[card]["events on the calendar"] == 1  # kept
    with time_machine.travel(start + timedelta(hours=2, minutes=1)):
        assert shown(security)[card]["events on the calendar"] == 0


def test_an_event_coming_into_an_empty_fortnight(personas, faculty):
    security = make_person_with_role(Role.HEAD_OF_SECURITY, faculty, full_name="Sid Security")
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    card = "Events in the next 14 days"
    far = start + timedelta(days=14, hours=1)  # comes within 14 days at 10:00
    with time_machine.travel(start):
        make_request(
            organiser=personas.organiser, unit=faculty, submit=True, starts_at=far, late_reason="L"
        )
    with time_machine.travel(far - timedelta(days=14, minutes=2)):
        assert shown(security)[card]["events on the calendar"] == 0
        assert shown(security)[card]["events on the calendar"] == 0  # kept
    with time_machine.travel(far - timedelta(days=14) + timedelta(minutes=1)):
        assert shown(security)[card]["events on the calendar"] == 1


def test_a_training_completion_moves_the_training_card(institution, faculty):
    with time_machine.travel(date(2026, 12, 7)):
        # In one transaction, as the services and the import write them: the summary
        # rows (`training.home`) are counted again once it commits.
        with transaction.atomic():
            course = t.make_course(validity_months=12)
            group = t.make_group()
            t.make_requirement(course, group, renew_every_months=12, window_days=60)
            staff = t.make_staff("N1", faculty, name="Nia Never", group=group)
        admin = make_person_with_role(Role.TRAINING_ADMINISTRATOR, institution, full_name="Tia")
        assert shown(admin)["Staff Prevent training"]["never trained"] == 1
        training_services.record_completion(
            acting_user=admin, staff=staff, course=course, completed_on=date(2026, 12, 1)
        )
        assert shown(admin)["Staff Prevent training"]["never trained"] == 0


def test_a_role_revoked_takes_its_cards_away(personas, institution):
    assignment = grant(personas.organiser, Role.PREVENT_LEAD, institution)
    assert "Prevent concern cases" in shown(personas.organiser)
    account_services.revoke_role(
        acting_user=personas.admin, assignment=RoleAssignment.objects.get(pk=assignment.pk)
    )
    assert "Prevent concern cases" not in shown(personas.organiser)


def test_a_revoked_role_is_gone_from_the_very_next_home(personas, institution):
    """Through the whole stack, with the page kept before the revocation."""
    assignment = grant(personas.organiser, Role.PREVENT_LEAD, institution)
    client = client_for(personas.organiser)
    home = reverse("core:home")
    assert b"Prevent concern cases" in client.get(home).content
    assert b"Prevent concern cases" in client.get(home).content  # kept now
    account_services.revoke_role(
        acting_user=personas.admin, assignment=RoleAssignment.objects.get(pk=assignment.pk)
    )
    assert b"Prevent concern cases" not in client.get(home).content


def test_a_message_sent_and_read_moves_the_waiting_line(personas):
    assert not any("unread" in line for line in lines(personas.organiser))
    with transaction.atomic():
        (message,) = notify_services.notify(
            [personas.organiser], "notify/email/deciding_role_granted.txt", {}, subject="Hello"
        )
    assert "1 unread message" in lines(personas.organiser)
    notify_services.mark_read(user=personas.organiser, message_ids=[message.pk])
    assert not any("unread" in line for line in lines(personas.organiser))


def test_a_live_panel_is_asked_on_every_view(personas, monkeypatch):
    """A panel whose inputs the versions do not capture sets `live`: never kept."""
    asked: list[int] = []

    def context(user: User) -> dict[str, object]:
        asked.append(1)
        return {"role_summary": []}

    panel = next(p for p in HOME_PANELS if p.name == "accounts.roles")
    live = type(panel)(panel.name, panel.order, template=panel.template, context=context, live=True)
    monkeypatch.setitem(HOME_PANELS._entries, panel.name, live)
    selectors.panels_html(fresh(personas.admin))
    selectors.panels_html(fresh(personas.admin))
    assert len(asked) == 2
    assert selectors.panels_for(fresh(personas.admin))[1] is None


@pytest.mark.django_db(transaction=False)
def test_no_kept_section_holds_a_form():
    """A kept section is drawn once and shown on later pages, in any of the person's
    browsers: a form in it would carry one browser's CSRF token to another, whose
    post would be refused. A section with a form must be a `live` panel."""
    from django.template.loader import get_template

    for panel in HOME_PANELS:
        if panel.template and not panel.live:
            source = get_template(panel.template).template.source
            assert "<form" not in source and "csrf_token" not in source, panel.name
