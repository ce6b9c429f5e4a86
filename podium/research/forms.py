"""Forms for the research register: the house's form rendering (`PodiumForm`)."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts.models import OrgUnit, UnitKind, User
from podium.core.forms import PodiumForm
from podium.research.models import (
    LookupPurpose,
    MaterialKind,
    ResearcherKind,
    StorageLocation,
)

ATTESTATION = (
    "I confirm that the material will be held only in the approved location chosen "
    "above, and not copied elsewhere."
)


class DateInput(forms.DateInput):
    input_type = "date"


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class RegistrationForm(PodiumForm):
    title = forms.CharField(label="Project title", max_length=300)
    researcher_kind = forms.ChoiceField(
        label="You are registering as",
        choices=ResearcherKind.choices,
        widget=forms.RadioSelect,
    )
    researcher_number = forms.CharField(
        label="Your staff or student number",
        max_length=32,
        help_text="As on your university card.",
    )
    supervisor = PersonChoiceField(
        label="Supervisor (students only)",
        queryset=User.objects.none(),
        required=False,
        help_text="Your supervisor approves the registration with the department's approver.",
    )
    unit = forms.ModelChoiceField(
        label="Department",
        queryset=OrgUnit.objects.none(),
    )
    ethics_reference = forms.CharField(
        label="Ethics reference",
        max_length=100,
        help_text="The reference your ethics approval was given under.",
    )
    material_kinds = forms.ModelMultipleChoiceField(
        label="Kinds of security-sensitive material",
        queryset=MaterialKind.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    storage_location = forms.ModelChoiceField(
        label="Where the material will be held",
        queryset=StorageLocation.objects.none(),
        help_text="One of the university's approved secure locations.",
    )
    storage_attested = forms.BooleanField(label=ATTESTATION, required=True)
    starts_on = forms.DateField(label="Start date", widget=DateInput)
    ends_on = forms.DateField(label="End date", widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "full_name", "pk"
        )
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            is_active=True, kind__in=[UnitKind.DEPARTMENT, UnitKind.FACULTY, UnitKind.SERVICE]
        ).order_by("name", "pk")
        self.fields["material_kinds"].queryset = MaterialKind.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["storage_location"].queryset = StorageLocation.objects.filter(is_active=True)  # type: ignore[attr-defined]


class DeclineForm(PodiumForm):
    reason = forms.CharField(
        label="Why is it declined?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The researcher reads this.",
    )


class RenewForm(PodiumForm):
    ends_on = forms.DateField(label="New end date", widget=DateInput)


class LookupForm(PodiumForm):
    query = forms.CharField(
        label="Name, or staff or student number",
        max_length=200,
        help_text="Names match despite small misspellings and other transliterations.",
    )
    purpose = forms.ChoiceField(
        label="Why are you looking this person up?",
        choices=[("", "Choose a reason"), *LookupPurpose.choices],
    )
    reason = forms.CharField(
        label="The reason, in a sentence",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Who asked, and why. Kept in the lookup log the research governance "
        "officer reads.",
    )


class ListItemForm(PodiumForm):
    name = forms.CharField(label="Name", max_length=200)
