"""What the sharing services share: field lists, dates and settings."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from podium.sharing.models import (
    State,
)

PARTNER_FIELDS = ["name", "kind", "contact_name", "contact_route", "is_active"]
PURPOSE_FIELDS = ["name", "is_active"]
DISCLOSURE_FIELDS = [
    "partner",
    "subject",
    "speaker",
    "event_request",
    "purpose",
    "lawful_basis",
    "special_category",
    "special_condition",
    "agreement",
    "decision_maker",
    "method",
    "shared_on",
    "delete_on",
    "fields_shared",
]
# States an outgoing disclosure may still be edited in (by its sharer).
EDITABLE = (State.DRAFT, State.REFUSED)


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def urgent_review_days() -> int:
    return int(settings.PODIUM_SHARING_URGENT_REVIEW_DAYS)


def request_due_days() -> int:
    return int(settings.PODIUM_SHARING_REQUEST_DUE_DAYS)
