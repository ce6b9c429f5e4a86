"""Forms for the speaker register. They only parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.core.forms import PodiumForm
from podium.speakers.models import CheckSource
from podium.speakers.selectors import CHECK_FILTERS
from podium.speakers.services import LAWFUL_VIEWS_REMINDER, SpeakerFacts

NUMERIC = {"inputmode": "numeric", "class": "input--short"}


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class SearchForm(PodiumForm):
    q = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="Any spelling, in any order. Close spellings and small typos are found too.",
    )


class BrowseForm(PodiumForm):
    """The register's browse filters, for reviewers (`selectors.register_page`)."""

    check = forms.ChoiceField(label="Checks", required=False, choices=list(CHECK_FILTERS.items()))
    spoke_in = forms.IntegerField(
        label="Spoke here in (year)",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "Enter a year, like 2026.",
            "min_value": "Enter a year from 2000.",
            "max_value": "Enter a year up to 2100.",
        },
    )
    merged = forms.BooleanField(label="Show records merged into another instead", required=False)


class SpeakerForm(PodiumForm):
    name = forms.CharField(
        max_length=200,
        label="Name",
        error_messages={"required": "Enter the speaker's name."},
    )
    other_names = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Other names and spellings",
        help_text="One per line: other spellings, earlier names, names used online.",
    )
    affiliations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Organisations the speaker belongs to or represents, one per line.",
    )
    links = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Public links",
        help_text="Web pages about the speaker, one per line.",
    )
    email = forms.EmailField(
        required=False,
        label="Speaker's e-mail address",
        help_text="Seen only by reviewers. Used to send the code of conduct.",
    )
    phone = forms.CharField(
        max_length=40, required=False, label="Speaker's phone number", help_text="Reviewers only."
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Seen only by reviewers.",
    )

    def facts(self) -> SpeakerFacts:
        data = self.cleaned_data
        return SpeakerFacts(
            name=data["name"],
            other_names=_lines(data["other_names"]),
            affiliations="\n".join(_lines(data["affiliations"])),
            links="\n".join(_lines(data["links"])),
            email=data["email"],
            phone=data["phone"],
            notes=data["notes"],
        )


class CreateSpeakerForm(SpeakerForm):
    """Adding a speaker: once the likely matches were shown, `confirmed` says the
    person still wants a new record."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CheckForm(PodiumForm):
    sources = forms.ModelMultipleChoiceField(
        queryset=CheckSource.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Sources checked",
        error_messages={"required": "Choose at least one source you checked."},
    )
    checked_on = forms.DateField(
        label="Date checked",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date you checked.", "invalid": "Enter a real date."},
    )
    findings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What you found",
        help_text=LAWFUL_VIEWS_REMINDER,
        error_messages={"required": "Summarise what you found, even if it was nothing."},
    )
    references = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Where each finding comes from: links, titles and dates, one per line.",
    )
    recheck_after = forms.DateField(
        required=False,
        label="Re-check after",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date."},
    )

    def __init__(self, *args: Any, recheck_months: int = 12, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sources"]
        field.queryset = CheckSource.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields[
            "recheck_after"
        ].help_text = f"Leave blank for {recheck_months} months after the date checked."


class MergeForm(PodiumForm):
    other = forms.IntegerField(
        label="Record number of the duplicate",
        help_text="The duplicate's names, events, checks and acknowledgements move to this record.",
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={
            "required": "Enter the record number of the duplicate.",
            "invalid": "Enter a record number, like 1234.",
        },
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why these are the same person",
        error_messages={"required": "Say why these records are the same person."},
    )


class PolicyForm(PodiumForm):
    recheck_months = forms.IntegerField(
        label="Months until a check should be repeated",
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={"required": "Enter a number of months.", "invalid": "Enter a number."},
    )
    acknowledgement_required = forms.BooleanField(
        required=False,
        label="Speakers must accept the code of conduct before a request is approved",
    )
    acknowledgement_valid_days = forms.IntegerField(
        label="Days an acknowledgement link stays usable",
        widget=forms.TextInput(attrs=NUMERIC),
        error_messages={"required": "Enter a number of days.", "invalid": "Enter a number."},
    )


class SourceForm(PodiumForm):
    name = forms.CharField(
        max_length=150, label="New source", error_messages={"required": "Enter the source's name."}
    )


class CodeOfConductForm(PodiumForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        label="Text of the new version",
        help_text=(
            "Publishing makes a new version; speakers who accepted earlier versions keep them."
        ),
        error_messages={"required": "Enter the text of the code of conduct."},
    )
