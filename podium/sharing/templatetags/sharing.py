"""`{% load sharing %}`: `user|may_share` for the sections sharing adds to the pages
of apps below it (the speaker page's sections are not given the person looking)."""

from __future__ import annotations

from typing import Any

from django import template

from podium.sharing import access

register = template.Library()


@register.filter
def may_share(user: Any) -> bool:
    return access.may_share(user)
