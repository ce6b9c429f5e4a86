"""Who may use the speaker register. The register is institution-wide (a speaker
is the same person whichever unit invites them), so access is by capability:

- organisers (`events.request`) search it, read names, affiliations and public
  links, and add speakers while filling a request;
- reviewers (`events.review`) also read the restricted fields (contact details,
  notes, history and the findings of checks), record checks, correct records and
  merge duplicates: over the whole institution, for every speaker; otherwise only
  for the speakers on requests in their review scope (`restricted_filter`, filled
  by events through `extensions.reviewed_by`);
- administrators over the whole institution (`events.configure`) keep the check
  sources, the code of conduct and the register's settings.

Restricted fields are never shown to anyone else. A speaker typed only on someone
else's unsubmitted draft is not in the register for anyone but that draft's
organiser until the draft is submitted (`findable_filter`).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.speakers import extensions
from podium.speakers.models import Speaker

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def may_use_register(user: User | AnonymousUser) -> bool:
    return permissions.has_capability(user, Capability.REQUEST_EVENTS) or is_reviewer(user)


def is_reviewer(user: User | AnonymousUser) -> bool:
    """Reviews requests somewhere: may see restricted fields of the speakers in their
    scope (`may_see_restricted`), and the register's reviewer pages."""
    return permissions.has_capability(user, Capability.REVIEW_EVENTS)


def findable_filter(user: User | AnonymousUser) -> Q:
    """The speakers this person may find in the register: all but those typed only
    on someone else's unsubmitted draft (`extensions.hidden_from`)."""
    hidden = [condition(user) for condition in extensions.hidden_from]
    return ~reduce(or_, hidden) if hidden else Q()


def restricted_filter(user: User | AnonymousUser) -> Q:
    """The speakers whose restricted fields this person sees: for a reviewer over the
    whole institution, every speaker they may find in the register; for any other
    reviewer, the speakers on requests in their review scope (`extensions.reviewed_by`:
    submitted requests only); nobody's for anyone else."""
    if not is_reviewer(user):
        return Q(pk__in=[])
    if permissions.can_institution_wide(user, Capability.REVIEW_EVENTS):
        return findable_filter(user)
    scopes = [condition(user) for condition in extensions.reviewed_by]
    return findable_filter(user) & reduce(or_, scopes) if scopes else Q(pk__in=[])


def may_see_restricted(user: User | AnonymousUser, speaker: Speaker) -> bool:
    """May this person see the speaker's contact details, notes, history and checks
    (and so correct the record, record a check, merge it)?"""
    if not is_reviewer(user):
        return False
    if getattr(speaker, "found_by", None) == user.pk and permissions.can_institution_wide(
        user, Capability.REVIEW_EVENTS
    ):
        return True  # `get_speaker_or_404` applied their `restricted_filter` already
    return Speaker.objects.filter(restricted_filter(user), pk=speaker.pk).exists()


def require_restricted(user: User | AnonymousUser, speaker: Speaker) -> None:
    """403 unless the person may see (and so act on) the speaker's restricted fields."""
    if not may_see_restricted(user, speaker):
        raise PermissionDenied


def may_configure(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.CONFIGURE_EVENTS)


def require_register(user: User | AnonymousUser) -> None:
    if not may_use_register(user):
        raise PermissionDenied


def require_reviewer(user: User | AnonymousUser) -> None:
    if not is_reviewer(user):
        raise PermissionDenied


def require_configure(user: User | AnonymousUser) -> None:
    if not may_configure(user):
        raise PermissionDenied


def get_speaker_or_404(user: User | AnonymousUser, pk: int | str) -> Speaker:
    """403 to someone who may not use the register; 404 for no such speaker, or one
    this person may not find (`findable_filter`)."""
    require_register(user)
    try:
        key = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    # The speaker and the records merged into it, in one query.
    rows = list(
        Speaker.objects.filter(findable_filter(user))
        .filter(Q(pk=key) | Q(merged_into_id=key))
        .select_related("merged_into", "merged_by")
        .order_by("-merged_at", "pk")
    )
    speaker = next((row for row in rows if row.pk == key), None)
    if speaker is None:
        raise Http404
    speaker.merged_from_list = [row for row in rows if row.pk != key]  # type: ignore[attr-defined]
    # Found through this person's `findable_filter`: for an institution-wide reviewer
    # that is the whole of `restricted_filter`, so `may_see_restricted` needs no query.
    speaker.found_by = user.pk  # type: ignore[attr-defined]
    return speaker
