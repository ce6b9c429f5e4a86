"""Where apps above accounts hear about changes to roles. Accounts sits below
`podium.notify` and imports none of it; notify fills these lists in
`NotifyConfig.ready()` (`podium.notify.role_grants`).

- `on_deciding_role_granted`: each callable takes the new assignment of a role in
  `roles.DECIDING_ROLES` and the person who granted it (None for a command), inside
  the grant's transaction, after its audit entry is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from podium.accounts.models import RoleAssignment, User


on_deciding_role_granted: list[Callable[[RoleAssignment, User | None], None]] = []
