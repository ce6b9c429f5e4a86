"""Every first-party model says what personal data it holds and how long it is kept.

QUALITY.md: a model holding personal data declares its classification and
retention rule; a model without a declaration fails the suite
(`podium/core/tests/test_privacy.py`). Later, subject access export and scheduled
deletion read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Classification(models.TextChoices):
    NONE = "none", "No personal data"
    PERSONAL = "personal", "Personal data"
    # UK GDPR Art 9 and Art 10: processed only with a recorded condition.
    SPECIAL_CATEGORY = "special_category", "Special category or criminal offence data"


@dataclass(frozen=True)
class PersonalData:
    classification: Classification
    retention: str  # the rule in words an auditor can check
    fields: tuple[str, ...] = ()  # the fields that hold personal data


NO_PERSONAL_DATA = PersonalData(classification=Classification.NONE, retention="Not applicable")
