"""The apps plug into core's registries in the order the pages always had."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from podium.core.navigation import NAVIGATION, navigation_for
from podium.core.registry import DEMO_STEPS, HOME_PANELS, SEED_STEPS
from podium.core.scheduling import SCHEDULE
from podium.testing.personas import client_for

# Each registry's entries, in order (orders: podium/core/README.md).
NAVIGATION_ORDER = [
    "home",
    "training",
    "concerns",
    "events",
    "training.briefing",
    "accounts.people",
    "events.settings",
    "accounts.security",
    "speakers",
    "research",
    "sharing",
    "exchange",
    "governance",
    "reporting.return",
    "privacy",
    "subject_access",
    "reporting.dashboards",
    "resources",
]
DEMO_ORDER = [
    "privacy.earlier_years",
    "accounts",
    "resources",
    "training",
    "events",
    "training.briefing",
    "speakers",
    "research",
    "sharing",
    "exchange",
    "concerns",
    "governance",
    "privacy",
    "subject_access",
    "reporting.return",
    "core.summaries",
]
SEED_ORDER = [
    "accounts",
    "training",
    "events",
    "speakers",
    "events.speakers",
    "research",
    "sharing",
    "exchange",
    "concerns",
    "governance",
    "core.summaries",
]
HOME_ORDER = [
    "events",
    "research",
    "sharing",
    "exchange",
    "training",
    "training.briefing",
    "concerns",
    "governance",
    "reporting.return",
    "privacy",
    "subject_access",
    "reporting.dashboards",
    "accounts.roles",
]
JOBS = [
    "core.clear_expired_sessions",
    "core.prune_finished_work",
    "core.refresh_summaries",
    "audit.checkpoint",
    "training.briefing_reminders",
    "training.send_reminders",
    "events.lapse_undecided",
    "events.remind_and_escalate",
    "privacy.apply_retention",
    "privacy.breach_reminders",
    "subject_access.send_reminders",
    "concerns.review_reminders",
    "concerns.event_reminders",
    "concerns.action_reminders",
    "sharing.remind",
    "exchange.deliver_due",
    "research.expire_and_remind",
    "governance.send_action_reminders",
    "governance.send_notice_reminders",
    "governance.send_complaint_reminders",
]

# The whole main menu, in order; each person sees the items they may use.
MENU = [
    "Home",
    "Training",
    "Share a concern",
    "Concern cases",
    "Concern counts",
    "Reportable events",
    "Break-glass access",
    "Concern settings",
    "Event requests",
    "Waiting for me",
    "Inbox",
    "Student briefings",
    "Units",
    "People",
    "Audit log",
    "Event rules",
    "Calendar",
    "Sign-in rules",
    "Speakers",
    "Speaker settings",
    "Research",
    "Research lookup",
    "Research lists",
    "Sharing log",
    "Speaker requests",
    "Sharing registers",
    "Podium exchange",
    "Risk assessment",
    "Complaints",
    "Code of practice",
    "Risk topics",
    "Prevent return",
    "Transparency report",
    "Data protection",
    "Subject access",
    "Dashboards",
    "Keep the library",
]


def test_every_person_sees_the_menu_in_one_order(personas):
    for persona in vars(personas).values():
        if not hasattr(persona, "email"):
            continue
        labels = [item.label for item in navigation_for(persona)]
        assert labels == [label for label in MENU if label in labels], persona.email


def test_the_navigation_gathers_items_into_menus(personas, institution):
    """Top-level links first, then the menus in MENU_ORDER; a menu of one item is
    that item's link; every item is still reached, once."""
    from podium.accounts.roles import Role
    from podium.core.navigation import MENU_ORDER, NavMenu, menus_for
    from podium.testing import factories

    lead = factories.make_person_with_role(Role.PREVENT_LEAD, institution)
    entries = menus_for(lead)
    labels = [entry.label for entry in entries]
    assert labels == [
        "Home",
        "Share a concern",
        "Waiting for me",
        "Inbox",
        "Events",
        "Safeguarding",
        "Governance",
    ]
    menus = [entry for entry in entries if isinstance(entry, NavMenu)]
    assert [menu.label for menu in menus] == [m for m in MENU_ORDER if m in labels]
    reached = [item.label for e in entries for item in (e.items if isinstance(e, NavMenu) else [e])]
    assert sorted(reached) == sorted(item.label for item in navigation_for(lead))
    assert "Concern cases" in [item.label for item in menus[1].items]
    # A person whose governance menu would hold one item sees that item's link.
    organiser_labels = [entry.label for entry in menus_for(personas.organiser)]
    assert "Research" in organiser_labels and "Governance" not in organiser_labels
    page = client_for(lead).get("/concerns/cases/").content.decode()
    assert '<details class="site-nav__details">' in page
    assert 'href="/concerns/cases/" class="site-nav__sublink" aria-current="page"' in page


def test_the_administrators_menu(personas):
    labels = [item.label for item in navigation_for(personas.admin)]
    assert labels[0] == "Home"
    assert {"Units", "People", "Audit log", "Event rules", "Sign-in rules"} <= set(labels)


def test_the_registries_hold_each_apps_entries_in_order():
    assert [s.name for s in NAVIGATION] == NAVIGATION_ORDER
    assert [s.name for s in DEMO_STEPS] == DEMO_ORDER
    assert [s.name for s in SEED_STEPS] == SEED_ORDER
    assert [p.name for p in HOME_PANELS] == HOME_ORDER
    assert [job.name for job in SCHEDULE] == JOBS


def test_the_seed_command_offers_every_apps_options(capsys):
    with pytest.raises(SystemExit):
        call_command("seed", "--help")
    help_text = capsys.readouterr().out
    for option in (
        "--scale",
        "--random-seed",
        "--staff",
        "--years",
        "--speakers",
        "--research-registrations",
        "--disclosures",
        "--concern-cases",
        "--governance-actions",
    ):
        assert option in help_text


def test_home_shows_what_waits_then_the_roles(personas):
    body = client_for(personas.admin).get(reverse("core:home")).content.decode()
    assert body.index("Waiting for you") < body.index("Your roles")
