"""Every first-party model says what personal data it holds and how long it is kept.

QUALITY.md: a model holding personal data declares its classification and
retention rule; a model without a declaration fails the suite
(`podium/core/tests/test_privacy.py`). The rule in words is what an auditor
reads; where the rule is mechanical, `schedule` says it as data too (period,
the date it runs from, delete or anonymise), and `podium.privacy` applies it —
reading the declarations through Django's app registry, so it imports no app.
The record of processing (Art 30) reads each app's purpose from its AppConfig's
`privacy_purpose`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Classification(models.TextChoices):
    NONE = "none", "No personal data"
    PERSONAL = "personal", "Personal data"
    # UK GDPR Art 9 and Art 10: processed only with a recorded condition.
    SPECIAL_CATEGORY = "special_category", "Special category or criminal offence data"


class RetentionAction(models.TextChoices):
    DELETE = "delete", "Delete the record"
    # The record stays (yearly counts need it); the named fields are blanked or replaced.
    ANONYMISE = "anonymise", "Anonymise: blank the named fields, keep the record for counts"


@dataclass(frozen=True)
class Schedule:
    """A retention rule as data. `runs_from` names a date or date-time field of
    the record, or of a record it belongs to (`request__starts_at`); records whose
    date is empty are kept. `anonymise` names the fields blanked (text, nullable
    fields) or replaced (unique text) when `action` is ANONYMISE. `held_through`
    lists (record type, lookup to its id): a legal hold on that record, e.g. the
    request or speaker a row belongs to, holds this row too."""

    months: int
    runs_from: str
    action: RetentionAction = RetentionAction.DELETE
    anonymise: tuple[str, ...] = ()
    held_through: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PersonalData:
    classification: Classification
    retention: str  # the rule in words an auditor can check
    fields: tuple[str, ...] = ()  # the fields that hold personal data
    # The rule as data where it is mechanical; None: "no automatic rule".
    schedule: Schedule | None = None


NO_PERSONAL_DATA = PersonalData(classification=Classification.NONE, retention="Not applicable")


def record_type_name(label: str) -> str:
    """A model label ("speakers.Speaker") as a person reads it ("Speaker (Speaker
    register and due diligence)"): the model's and its app's verbose names. The label
    itself when no installed model has it. No query."""
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    name = str(model._meta.verbose_name).capitalize()
    return f"{name} ({model._meta.app_config.verbose_name})"
