"""Who may use the exchange (institution-wide capabilities only; deny by default).

- Administrator (`exchange.manage_peers`): register peers, compare and trust keys.
- Administrator, auditor (`exchange.view`): the peers and the messages' records
  (kind, state, delivery history), never their contents.
- Prevent lead, head of security (`sharing.share`): answer a partner's request over
  the exchange; withdraw a request sent over it.
- Those who read the sharing log's data (`sharing.view`): the messages' contents.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from podium.accounts import permissions
from podium.accounts import selectors as accounts_selectors
from podium.accounts.roles import Capability


def _wide(user: Any, capability: Capability) -> bool:
    return permissions.can_institution_wide(user, capability)


def manages_peers(user: Any) -> bool:
    return _wide(user, Capability.MANAGE_EXCHANGE_PEERS)


def sees_exchange(user: Any) -> bool:
    return _wide(user, Capability.VIEW_EXCHANGE) or sees_contents(user)


def sees_contents(user: Any) -> bool:
    return _wide(user, Capability.VIEW_SHARING)


def may_share(user: Any) -> bool:
    return _wide(user, Capability.SHARE_INFORMATION)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def peer_keepers() -> Any:
    return accounts_selectors.holders_of(capability=Capability.MANAGE_EXCHANGE_PEERS)


def sharers() -> Any:
    return accounts_selectors.holders_of(capability=Capability.SHARE_INFORMATION)
