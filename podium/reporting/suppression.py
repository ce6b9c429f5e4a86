"""Small-number suppression for everything that leaves the team (exports, the
governing-body pack, the transparency report).

Primary: a count above zero and below the threshold (`ReportingSettings`) is
withheld. Secondary: in each group of parts adding up to a total, a single withheld
cell could be worked out by subtraction, so while a group has exactly one withheld
cell the smallest other non-zero part (or, with none, the total) is withheld too.
Groups share cells (a subtotal is a part of the grand total), so the rule runs until
nothing changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    parts: tuple[str, ...]
    total: str


def withheld(values: Mapping[str, int | None], groups: Iterable[Group], threshold: int) -> set[str]:
    """The keys of `values` to withhold. `None` (not recorded) is never withheld."""
    hidden = {k for k, v in values.items() if v is not None and 0 < v < threshold}
    groups = [g for g in groups if g.total in values]
    changed = True
    while changed:
        changed = False
        for group in groups:
            cells = [*group.parts, group.total]
            if sum(1 for c in cells if c in hidden) != 1:
                continue
            # A zero withheld beside it tells nothing: the other cell must hold a count.
            candidates = [p for p in group.parts if p not in hidden and (values.get(p) or 0) > 0]
            if candidates:
                # The smallest, so the least is lost; ties by order, so the result is stable.
                hidden.add(min(candidates, key=lambda p: (values[p] or 0, cells.index(p))))
                changed = True
            elif group.total not in hidden:
                hidden.add(group.total)
                changed = True
    return hidden


def shown(value: int | None, *, hidden: bool, threshold: int) -> str:
    if value is None:
        return "not recorded in Podium"
    return f"<{threshold}" if hidden else str(value)
