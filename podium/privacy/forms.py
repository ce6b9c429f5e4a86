"""Forms for data protection. Forms check shape; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts import selectors as accounts_selectors
from podium.core.forms import PodiumForm
from podium.core.privacy import RetentionAction
from podium.privacy import retention
from podium.privacy.models import Breach, HoldKind, Risk

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _datetime(label: str, *, required: bool, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages={
            "required": f"Enter {label.lower()}.",
            "invalid": "Enter a date and time, like 14/03/2027 18:30.",
        },
    )


def _text(label: str, *, required: bool = True, help_text: str = "", max_length: int = 5000):  # type: ignore[no-untyped-def]
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": f"Enter {label.lower()}.",
            "max_length": f"{label} must be at most {max_length} characters.",
        },
    )


class RuleForm(PodiumForm):
    """One record type's rule. An empty period: no automatic rule."""

    months = forms.IntegerField(
        label="Period in months",
        required=False,
        min_value=1,
        max_value=1200,
        help_text="Leave empty for no automatic rule. 72 months is six years.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "invalid": "Enter the period as a whole number of months.",
            "min_value": "The period must be at least one month.",
            "max_value": "The period must be at most 1200 months.",
        },
    )
    runs_from = forms.ChoiceField(
        label="Runs from",
        required=False,
        error_messages={"invalid_choice": "Choose the date the period runs from."},
    )
    action = forms.ChoiceField(
        label="Then",
        required=False,
        widget=forms.RadioSelect,
        choices=RetentionAction.choices,
        error_messages={"invalid_choice": "Choose delete or anonymise."},
    )
    anonymise = forms.MultipleChoiceField(
        label="Fields to anonymise",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for anonymise: these are blanked or replaced; the record stays for counts.",
        error_messages={"invalid_choice": "Choose only fields that can be blanked or replaced."},
    )

    def __init__(self, *args: Any, record_type: retention.RecordType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dates = [("", "Choose a date"), *retention.date_choices(record_type)]
        self.fields["runs_from"].choices = dates  # type: ignore[attr-defined]
        self.fields["anonymise"].choices = [  # type: ignore[attr-defined]
            (name, retention.field_label(record_type.model, name))
            for name in retention.anonymisable_fields(record_type)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("months") is not None:
            if not data.get("runs_from"):
                self.add_error("runs_from", "Choose the date the period runs from.")
            if not data.get("action"):
                self.add_error("action", "Choose delete or anonymise.")
        return data


class HoldForm(PodiumForm):
    kind = forms.ChoiceField(
        label="The hold is on",
        choices=HoldKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the hold is on."},
    )
    record_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        help_text="Only for another record.",
        error_messages={"invalid_choice": "Choose the kind of record the hold is on."},
    )
    # A number, or for a person an e-mail address: the DPO cannot see people's record
    # numbers (they do not hold accounts.view_people). Checked in `clean`.
    record_id = forms.CharField(
        label="Record number",
        max_length=254,
        help_text=(
            "The number in the record's address, e.g. 42 in /events/requests/42/. "
            "For a person with an account, their e-mail address will do."
        ),
        error_messages={"required": "Enter the record's number."},
    )
    reason = _text("Reason", help_text="Why the records must be kept, e.g. the claim or inquiry.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a kind of record"),
            *((rt.label, f"{rt.name} ({rt.app_name})") for rt in retention.record_types()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = (data.get("record_id") or "").strip()
        if not given:
            return data
        if "@" in given:
            if data.get("kind") != HoldKind.PERSON:
                self.add_error(
                    "record_id",
                    "An e-mail address names a person: choose “A person with an account”, "
                    "or enter the record's number.",
                )
                return data
            person = accounts_selectors.user_by_email(given)
            if person is None:
                self.add_error("record_id", "No one with an account has that e-mail address.")
            else:
                data["record_id"] = person.pk
            return data
        if not given.isdigit() or int(given) < 1:
            self.add_error("record_id", "Enter the record's number as a whole number.")
        elif int(given) > 2**62:
            self.add_error("record_id", "There is no such record: check its number.")
        else:
            data["record_id"] = int(given)
        return data


class LiftForm(PodiumForm):
    reason = _text("Why the hold can be lifted")


class BreachForm(PodiumForm):
    discovered_at = _datetime("When it was discovered", required=True)
    summary = _text("What happened")
    data_subjects = _text(
        "Whose data", help_text="Which people, roughly how many, and which data about them."
    )
    risk = forms.ChoiceField(
        label="Risk assessment",
        choices=Risk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk."},
    )
    risk_assessment = _text("Reasons for the assessment", required=False)
    reported_to_ico = forms.BooleanField(label="Reported to the ICO", required=False)
    reported_at = _datetime("When it was reported", required=False)
    ico_reference = forms.CharField(
        label="ICO reference",
        required=False,
        max_length=50,
        error_messages={"max_length": "The ICO reference must be at most 50 characters."},
    )

    @classmethod
    def initial_from(cls, breach: Breach) -> dict[str, Any]:
        return {name: getattr(breach, name) for name in cls.base_fields}
