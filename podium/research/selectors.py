"""Reads for the research register: lists (keyset-paged), the lookup's search, the
lookup log and the home page's counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Abs, Length
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.pagination import Page, keyset_page
from podium.research import access
from podium.research.models import Lookup, LookupKind, Registration, State
from podium.speakers.matching import SHOWN, fragments, match_key, search_score

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

PAGE_SIZE = 50
# The lookup shows at most this many registrations (best matches first).
LOOKUP_LIMIT = 50
# Candidates scored per lookup by name: PostgreSQL's nearest by trigram distance
# (index-ordered, migration 0002), SQLite's sharing the most token fragments.
NEAREST = 60  # as the speaker register: each candidate is scored in Python
ENDING_SOON_DAYS = 30

SHOWS = {
    "mine": "My registrations",
    "to_approve": "Awaiting my approval",
    "ending_soon": f"Registered, ending within {ENDING_SOON_DAYS} days",
    "all": "All I can see",
}


def ending_soon(today: date | None = None) -> Q:
    """Registered and ending within ENDING_SOON_DAYS: renew or close."""
    today = today or timezone.localdate()
    return Q(state=State.REGISTERED, ends_on__lte=today + timedelta(days=ENDING_SOON_DAYS))


def awaiting_my_approval(user: User | AnonymousUser) -> Q:
    """Submitted registrations still waiting for this person's part."""
    condition = Q(
        researcher_kind="student", supervisor_id=user.pk, supervisor_approved_at__isnull=True
    )
    if permissions.has_capability(user, Capability.APPROVE_RESEARCH):
        condition |= access.unit_filter(user, Capability.APPROVE_RESEARCH) & Q(
            approved_at__isnull=True
        )
    return Q(state=State.SUBMITTED) & condition & ~Q(researcher_id=user.pk)


def registration_page(
    *,
    user: User | AnonymousUser,
    show: str = "all",
    state: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Page[Registration]:
    if show == "mine":
        condition = Q(researcher_id=user.pk)
    elif show == "to_approve":
        condition = awaiting_my_approval(user)
    elif show == "ending_soon":
        condition = access.visible_filter(user) & ending_soon()
    else:
        condition = access.visible_filter(user)
    queryset = Registration.objects.filter(condition).select_related(
        "researcher", "supervisor", "unit", "storage_location"
    )
    if state in State.values:
        queryset = queryset.filter(state=state)
    return keyset_page(
        queryset, field="created_at", after=after, before=before, size=PAGE_SIZE, descending=True
    )


def _name_candidates(key: str, visible: Q) -> list[int]:
    rows: Iterable[tuple[int, str]]
    if connection.vendor == "postgresql":
        # Imported here: only PostgreSQL has trigrams.
        from django.contrib.postgres.search import TrigramDistance

        rows = (
            Registration.objects.filter(visible)
            .annotate(distance=TrigramDistance("name_key", key))
            .order_by("distance")
            .values_list("pk", "name_key")[:NEAREST]
        )
    else:
        # SQLite: the names sharing a token's first or last three letters
        # (`matching.fragments`), those sharing the most and nearest in length first,
        # so a misspelling in the first letters is still among the candidates.
        parts = fragments(key)
        condition = Q()
        for part in parts:
            condition |= Q(name_key__contains=part)
        shared = sum(
            (Case(When(name_key__contains=part, then=1), default=0) for part in parts),
            Value(0),
        )
        rows = (
            Registration.objects.filter(visible)
            .filter(condition)
            .annotate(shared=shared, off=Abs(Length("name_key") - len(key)))
            .order_by("-shared", "off", "pk")
            .values_list("pk", "name_key")[:NEAREST]
        )
    # The same key exactly (the usual misspelling folds to it) is always a candidate,
    # however many near names the prefilter returns first.
    exact = Registration.objects.filter(visible, name_key=key).values_list("pk", "name_key")
    scores = {pk: search_score(key, candidate) for pk, candidate in [*exact[:NEAREST], *rows]}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [pk for pk, score in ranked if score >= SHOWN]


def lookup_registrations(*, query: str, kind: str, visible: Q) -> list[Registration]:
    """The registrations of the person named (the speaker register's matching:
    `podium.speakers.matching`) or numbered, best match first."""
    if kind == LookupKind.NUMBER:
        ids = list(
            Registration.objects.filter(visible, researcher_number__iexact=query.strip())
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)[:LOOKUP_LIMIT]
        )
    else:
        key = match_key(query)
        ids = _name_candidates(key, visible)[:LOOKUP_LIMIT] if key else []
    found = (
        Registration.objects.filter(pk__in=ids)
        .select_related("researcher", "supervisor", "unit", "storage_location", "approved_by")
        .prefetch_related("material_kinds")
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]


def lookup_page(
    *, user: User | AnonymousUser, after: str | None = None, before: str | None = None
) -> Page[Lookup]:
    """Who looked up whom, newest first: for the governance officer."""
    permissions.require(user, Capability.OVERSEE_RESEARCH)
    queryset = Lookup.objects.select_related("made_by").prefetch_related("found__researcher")
    return keyset_page(
        queryset, field="made_at", after=after, before=before, size=PAGE_SIZE, descending=True
    )


@dataclass(frozen=True)
class HomeCounts:
    to_approve: int
    ending_soon: int


def home_counts(user: User | AnonymousUser) -> HomeCounts:
    """What waits for the person: approvals, and their own registrations ending soon."""
    if not user.is_authenticated:
        return HomeCounts(0, 0)
    to_approve = Registration.objects.filter(awaiting_my_approval(user)).count()
    ending = Registration.objects.filter(ending_soon(), researcher_id=user.pk).count()
    return HomeCounts(to_approve, ending)


@dataclass(frozen=True)
class OverseenFigures:
    """The research governance officer's card, over what they oversee."""

    submitted: int
    registered: int
    ending_soon: int


def overseen_figures(user: User | AnonymousUser) -> OverseenFigures | None:
    """One query; None for a person who oversees no research."""
    if not permissions.has_capability(user, Capability.OVERSEE_RESEARCH):
        return None
    counts = Registration.objects.filter(
        access.unit_filter(user, Capability.OVERSEE_RESEARCH)
    ).aggregate(
        submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
        registered=Count("pk", filter=Q(state=State.REGISTERED)),
        ending=Count("pk", filter=ending_soon()),
    )
    return OverseenFigures(counts["submitted"], counts["registered"], counts["ending"])


def registrations_of(*, user: User | AnonymousUser) -> QuerySet[Registration]:
    """A person's own registrations (for the API's `mine` filter)."""
    return Registration.objects.filter(researcher_id=user.pk)
