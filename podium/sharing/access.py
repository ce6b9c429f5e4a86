"""Who may use information sharing. Sharing is institution-wide: every capability is
asked over the whole institution (deny by default).

- Prevent lead and head of security (`sharing.share`): record disclosures and speaker
  requests, submit them for sign-off, mark them sent; read the log with its data.
- Data protection officer (`sharing.sign_off`, `sharing.view`,
  `sharing.manage_registers`): sign off and review urgent disclosures, read all,
  keep the registers.
- Safeguarding officer (`sharing.view`): read the log with its data.
- Auditor (`sharing.view_metadata`): the log without the data shared (no snapshot,
  nothing received, no free-text statements).
- Administrator (`sharing.manage_registers`): the partner and purpose registers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from podium.accounts import permissions
from podium.accounts import selectors as accounts_selectors
from podium.accounts.roles import Capability
from podium.sharing.models import Disclosure, InformationRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def _wide(user: User | AnonymousUser, capability: Capability) -> bool:
    return permissions.can_institution_wide(user, capability)


def may_share(user: User | AnonymousUser) -> bool:
    return _wide(user, Capability.SHARE_INFORMATION)


def may_decide_to_share(user: Any) -> bool:
    """The decision-maker named on a disclosure: a person whose role allows sharing."""
    return bool(getattr(user, "is_active", False)) and may_share(user)


def may_sign_off(user: User | AnonymousUser) -> bool:
    return _wide(user, Capability.SIGN_OFF_SHARING)


def sees_data(user: User | AnonymousUser) -> bool:
    """Reads the log with the data shared."""
    return _wide(user, Capability.VIEW_SHARING)


def sees_log(user: User | AnonymousUser) -> bool:
    """Reads the log: with the data, or only its metadata (the auditor)."""
    return sees_data(user) or _wide(user, Capability.VIEW_SHARING_METADATA)


def keeps_registers(user: User | AnonymousUser) -> bool:
    return _wide(user, Capability.MANAGE_SHARING_REGISTERS)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_disclosure_or_404(user: User | AnonymousUser, pk: Any) -> Disclosure:
    require(sees_log(user))
    try:
        return Disclosure.objects.select_related(
            "partner", "purpose", "agreement", "decision_maker", "created_by", "policy_version"
        ).get(pk=pk)
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_request_or_404(user: User | AnonymousUser, pk: Any) -> InformationRequest:
    require(sees_log(user))
    try:
        return InformationRequest.objects.select_related("partner", "speaker", "answer").get(pk=pk)
    except (InformationRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sign_off_people() -> QuerySet[User]:
    return accounts_selectors.holders_of(capability=Capability.SIGN_OFF_SHARING)


def sharing_people() -> QuerySet[User]:
    return accounts_selectors.holders_of(capability=Capability.SHARE_INFORMATION)


def register_keepers() -> QuerySet[User]:
    return accounts_selectors.holders_of(capability=Capability.MANAGE_SHARING_REGISTERS)
