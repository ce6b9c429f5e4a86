"""`{{ entry|audit_sentence }}`: an audit entry as a sentence (`codes.sentence_for`)."""

from __future__ import annotations

from typing import Any

from django import template

from podium.audit import codes

register = template.Library()


@register.filter
def audit_sentence(entry: Any) -> str:
    return codes.sentence_for(entry)
