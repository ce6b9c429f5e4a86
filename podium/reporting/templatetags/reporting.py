from __future__ import annotations

from typing import Any

from django import template

from podium.reporting import selectors

register = template.Library()


@register.filter
def cell(cells: dict[str, Any], key: str) -> Any:
    return cells.get(key)


@register.filter
def at(items: list[Any], index: int) -> Any:
    return items[index] if 0 <= index < len(items) else ""


@register.filter
def attr_link(shown: Any) -> str:
    return getattr(shown, "link", "") or ""


@register.simple_tag
def rejections_shown(report: Any, cells: dict[str, Any]) -> dict[str, Any]:
    """The rejections a table may list (`selectors.shown_rejections`)."""
    rows, left_out = selectors.shown_rejections(report, cells)
    return {"rows": rows, "left_out": left_out}
