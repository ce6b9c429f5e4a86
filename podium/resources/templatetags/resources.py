"""`{% load resources %}{% resources_for "events.decision" %}`: the resources tagged
for a place, as the person looking may read them (one query a panel). The apps
above the library (events, concerns, sharing, training) use it in their templates;
none of them imports the library's code."""

from __future__ import annotations

from typing import Any

from django import template

from podium.resources import selectors

register = template.Library()


@register.inclusion_tag("resources/_panel.html", takes_context=True)
def resources_for(context: dict[str, Any], place: str) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"panel": None}
    return {"panel": selectors.resources_for(user=user, place=place)}
