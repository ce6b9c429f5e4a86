"""Every first-party model declares its personal data and retention rule."""

from __future__ import annotations

from django.apps import apps

from podium.core.privacy import Classification, PersonalData


def first_party_models():
    return [m for m in apps.get_models() if m.__module__.startswith("podium.")]


def test_every_model_declares_its_personal_data():
    missing = [
        m.__name__
        for m in first_party_models()
        if not isinstance(getattr(m, "personal_data", None), PersonalData)
    ]
    assert missing == [], f"Declare `personal_data` on: {', '.join(missing)}"


def test_personal_data_declarations_name_real_fields_and_a_rule():
    for model in first_party_models():
        declaration: PersonalData = model.personal_data
        field_names = {f.name for f in model._meta.get_fields()}
        assert set(declaration.fields) <= field_names, model.__name__
        if declaration.classification != Classification.NONE:
            assert declaration.fields, f"{model.__name__} holds personal data but names no field"
            assert len(declaration.retention) > 20, (
                f"{model.__name__} needs a retention rule in words"
            )
