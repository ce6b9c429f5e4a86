"""New audit entries hold no personal data in their labels
(docs/decisions/0003-erasure-and-the-audit-chain.md): for every first-party model
that holds personal data, a record with a distinctive value in each of its declared
personal-data text fields is labelled by `record()` without any of those values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from podium.audit.services import label_of
from podium.core.privacy import Classification, PersonalData

# Labelled by their own name on purpose, with the reason.
NAMED = {
    # People with accounts are the actors of the log; they stay named while the
    # log is kept (decision 0003, point 4).
    "accounts.user": "accounts are named as actors are",
    # The log does not label itself.
    "audit.auditentry": "not an audit target",
}


# Labelled from a related record (checked by reading their `__str__`: the case's
# reference), so an unsaved record cannot be labelled here.
FROM_RELATED = {"concerns.subjectidentity", "concerns.casenote", "concerns.breakglassgrant"}


def personal_data_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("podium.")
        and isinstance(getattr(model, "personal_data", None), PersonalData)
        and model.personal_data.classification != Classification.NONE
        and model._meta.label_lower not in NAMED
    ]


def marked(model: type[models.Model]) -> tuple[models.Model, list[str]]:
    """An unsaved record with a distinctive value in each personal text field."""
    record: Any = model(pk=4242)
    for field in model._meta.concrete_fields:  # what a label may format besides
        if getattr(record, field.attname, None) is None and not field.is_relation:
            if isinstance(field, models.DateTimeField):
                setattr(record, field.attname, datetime(2025, 9, 1, tzinfo=UTC))
            elif isinstance(field, models.DateField):
                setattr(record, field.attname, date(2025, 9, 1))
            elif isinstance(field, models.IntegerField):
                setattr(record, field.attname, 2025)
    marks: list[str] = []
    for name in model.personal_data.fields:
        if "__" in name:  # a related record's field, not one of its own
            continue
        text = model._meta.get_field(name)
        if isinstance(text, models.CharField | models.TextField) and not text.choices:
            value = f"Zebedee{len(marks)}Quartermaine"[: text.max_length or 100]
            setattr(record, text.attname, value)
            marks.append(value)
    return record, marks


def test_no_model_holding_personal_data_is_labelled_with_it():
    leaking, unlabelled = [], []
    for model in personal_data_models():
        record, marks = marked(model)
        if not marks:
            continue
        try:
            _, _, label = label_of(record)
        except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
            unlabelled.append(model._meta.label_lower)
            continue
        if any(mark in label for mark in marks):
            leaking.append(f"{model._meta.label_lower}: {label!r}")
    assert leaking == [], "give these models an audit_label without personal data: " + "; ".join(
        leaking
    )
    assert set(unlabelled) == FROM_RELATED, unlabelled
