"""Reads for the research register: lists (keyset-paged), the lookup's search, the
lookup log and the home page's counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.pagination import Page, keyset_page
from podium.research import access
from podium.research.models import Lookup, LookupKind, Registration, State
from podium.speakers.matching import SHOWN, match_key, prefixes, search_score

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

PAGE_SIZE = 50
# The lookup shows at most this many registrations (best matches first).
LOOKUP_LIMIT = 50
# Candidates scored per lookup by name: PostgreSQL's nearest by trigram distance
# (index-ordered, migration 0002), SQLite's sharing a token prefix.
NEAREST = 200
ENDING_SOON_DAYS = 30

SHOWS = {
    "mine": "My registrations",
    "to_approve": "Awaiting my approval",
    "all": "All I can see",
}


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
        condition = Q()
        for prefix in prefixes(key):
            condition |= Q(name_key__contains=prefix)
        rows = (
            Registration.objects.filter(visible)
            .filter(condition)
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
    submitted_all: int
    registered_all: int
    oversees: bool


def home_counts(user: User | AnonymousUser) -> HomeCounts:
    if not user.is_authenticated:
        return HomeCounts(0, 0, 0, 0, False)
    today = timezone.localdate()
    to_approve = Registration.objects.filter(awaiting_my_approval(user)).count()
    ending_soon = Registration.objects.filter(
        researcher_id=user.pk,
        state=State.REGISTERED,
        ends_on__lte=today + timedelta(days=ENDING_SOON_DAYS),
    ).count()
    oversees = permissions.has_capability(user, Capability.OVERSEE_RESEARCH)
    submitted_all = registered_all = 0
    if oversees:
        overseen = Registration.objects.filter(
            access.unit_filter(user, Capability.OVERSEE_RESEARCH)
        )
        submitted_all = overseen.filter(state=State.SUBMITTED).count()
        registered_all = overseen.filter(state=State.REGISTERED).count()
    return HomeCounts(to_approve, ending_soon, submitted_all, registered_all, oversees)


def registrations_of(*, user: User | AnonymousUser) -> QuerySet[Registration]:
    """A person's own registrations (for the API's `mine` filter)."""
    return Registration.objects.filter(researcher_id=user.pk)
