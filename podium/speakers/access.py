"""Who may use the speaker register. The register is institution-wide (a speaker
is the same person whichever unit invites them), so access is by capability:

- organisers (`events.request`) search it, read names, affiliations and public
  links, and add speakers while filling a request;
- reviewers (`events.review`) also read contact details, notes, history and the
  findings of checks, record checks, correct records and merge duplicates;
- administrators over the whole institution (`events.configure`) keep the check
  sources, the code of conduct and the register's settings.

Findings and contact details are never shown to anyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.speakers.models import Speaker

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def may_use_register(user: User | AnonymousUser) -> bool:
    return permissions.has_capability(user, Capability.REQUEST_EVENTS) or is_reviewer(user)


def is_reviewer(user: User | AnonymousUser) -> bool:
    """Reviewers see everything in the register, findings included."""
    return permissions.has_capability(user, Capability.REVIEW_EVENTS)


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
    """403 to someone who may not use the register; 404 for no such speaker."""
    require_register(user)
    try:
        key = int(pk)
    except (ValueError, TypeError):
        raise Http404 from None
    # The speaker and the records merged into it, in one query.
    rows = list(
        Speaker.objects.filter(Q(pk=key) | Q(merged_into_id=key))
        .select_related("merged_into", "merged_by")
        .order_by("-merged_at", "pk")
    )
    speaker = next((row for row in rows if row.pk == key), None)
    if speaker is None:
        raise Http404
    speaker.merged_from_list = [row for row in rows if row.pk != key]  # type: ignore[attr-defined]
    return speaker
