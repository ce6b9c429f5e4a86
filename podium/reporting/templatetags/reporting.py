from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

CATEGORIES = {
    "health_and_safety": "Health and safety",
    "procedural": "Procedural",
    "prevent": "Prevent",
    "other": "Other",
    "": "Other",
}


@register.filter
def cell(cells: dict[str, Any], key: str) -> Any:
    return cells.get(key)


@register.filter
def at(items: list[Any], index: int) -> Any:
    return items[index] if 0 <= index < len(items) else ""


@register.filter
def attr_link(shown: Any) -> str:
    return getattr(shown, "link", "") or ""


@register.filter
def category(value: str) -> str:
    return CATEGORIES.get(value or "", value)
