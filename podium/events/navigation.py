"""The events items of the main navigation, with the counts people asked for:
how many requests wait for me, how many messages are unread; and what waits for
the person on their home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural
from podium.events import access, selectors
from podium.events.models import Status
from podium.notify import selectors as notify_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def events_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    organises = permissions.has_capability(user, Capability.REQUEST_EVENTS)
    sees = any(permissions.has_capability(user, c) for c in access.SEEING)
    if organises or sees or access.acting_assignments(user):
        items.append(NavItem("Event requests", reverse("events:request-list"), menu="Events"))
    if access.acting_assignments(user):
        items.append(
            NavItem(
                "Waiting for me",
                reverse("events:queue"),
                count=selectors.queue_count(user=user),
            )
        )
    # Every signed-in person can be sent a notice (a DPO's sign-off, a reminder), so
    # everyone has the inbox.
    if user.is_authenticated:
        items.append(
            NavItem(
                "Inbox",
                reverse("events:inbox"),
                count=notify_selectors.unread_count(user=user),
                count_label="unread",
            )
        )
    return items


def events_settings_navigation(user: User | AnonymousUser) -> list[NavItem]:
    """The event rules and the calendar, shown after the people pages."""
    items: list[NavItem] = []
    if permissions.can_institution_wide(user, Capability.CONFIGURE_EVENTS):
        items.append(NavItem("Event rules", reverse("events:policy-overview"), menu="Events"))
    if permissions.has_capability(user, Capability.VIEW_EVENT_CALENDAR):
        items.append(NavItem("Calendar", reverse("events:calendar"), menu="Events"))
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    """The lines of the home page's "Waiting for you" that events adds."""
    summary = selectors.home_summary(user=user)
    requests = reverse("events:request-list")
    waiting = []
    if summary.to_review:
        waiting.append(
            Waiting(
                f"{plural(summary.to_review, 'event request')} to review", reverse("events:queue")
            )
        )
    if summary.to_answer:
        waiting.append(
            Waiting(
                f"{plural(summary.to_answer, 'question')} from reviewers to answer",
                f"{requests}?status=information_requested",
            )
        )
    if summary.drafts:
        waiting.append(
            Waiting(
                f"{plural(summary.drafts, 'draft request')} not yet submitted",
                f"{requests}?status=draft",
            )
        )
    if summary.unread:
        waiting.append(
            Waiting(f"{plural(summary.unread, 'unread message')}", reverse("events:inbox"))
        )
    return waiting


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The events cards on the home page, each for the people whose roles need it:
    an organiser's own requests by state, a reviewer's queue with what is due soon
    or overdue, and security's next 14 days."""
    cards: list[HomeCard] = []
    requests = reverse("events:request-list")
    by_status = selectors.organiser_figures(user=user)
    may_request = permissions.has_capability(user, Capability.REQUEST_EVENTS)
    if may_request or by_status:
        cards.append(
            HomeCard(
                title="Your event requests",
                figures=tuple(
                    Figure(
                        label,
                        by_status[value],
                        f"{requests}?scope=mine&status={value}",
                        attention=value == Status.INFORMATION_REQUESTED,
                    )
                    for value, label in Status.choices
                    if by_status.get(value)
                ),
                actions=(
                    (Waiting("Request an event", reverse("events:request-create")),)
                    if may_request
                    else ()
                ),
                more=Waiting("All your requests", f"{requests}?scope=mine"),
            )
        )
    queue = selectors.queue_figures(user=user)
    if queue is not None:
        waiting = reverse("events:queue")
        cards.append(
            HomeCard(
                title="Reviewing event requests",
                figures=(
                    Figure("waiting for you", queue.waiting, waiting),
                    Figure(
                        selectors.QUEUE_DUE["soon"].lower(), queue.due_soon, f"{waiting}?due=soon"
                    ),
                    Figure("overdue", queue.overdue, f"{waiting}?due=overdue", attention=True),
                ),
                more=Waiting("All requests in your scope", f"{requests}?scope=all"),
            )
        )
    security = selectors.security_figures(user=user)
    if security is not None:
        calendar = reverse("events:calendar")
        cards.append(
            HomeCard(
                title=f"Events in the next {selectors.SECURITY_DAYS_AHEAD} days",
                figures=(
                    Figure(
                        "events on the calendar",
                        security.events,
                        calendar,
                        one="event on the calendar",
                    ),
                    Figure(
                        "conditions not yet confirmed in place",
                        security.unconfirmed_conditions,
                        calendar,
                        attention=True,
                        one="condition not yet confirmed in place",
                    ),
                ),
                until=security.changes_at,
            )
        )
    return cards
