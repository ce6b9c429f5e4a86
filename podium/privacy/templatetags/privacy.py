"""Template filters for the data protection pages."""

from __future__ import annotations

from datetime import datetime

from django import template

from podium.privacy.models import Breach

register = template.Library()


@register.filter
def hours_left(breach: Breach, now: datetime) -> int:
    """Whole hours to the breach's 72-hour reporting deadline (negative: overdue)."""
    return breach.hours_left(now)
