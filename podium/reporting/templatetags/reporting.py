from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

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


# The return's cell of every rejection (its key, not an audit code).
REJECTED = "events.requests.rejected"


@register.simple_tag
def rejections_shown(report: Any, cells: dict[str, Any], linked: bool) -> dict[str, Any]:
    """The rejections a table may list (`selectors.shown_rejections`), each with the
    link to its request where the viewer may open the rejections (`linked` pages
    only). One `reverse` for them all: a national year lists several hundred."""
    rows, left_out = selectors.shown_rejections(report, cells)
    head = tail = ""
    if linked and attr_link(cells.get(REJECTED)):
        head, tail = reverse("events:request-detail", args=[0]).rsplit("0", 1)
    return {
        "rows": [(r, f"{head}{r.pk}{tail}" if head else "") for r in rows],
        "left_out": left_out,
    }
