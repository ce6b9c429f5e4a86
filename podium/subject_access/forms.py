"""Forms for subject access requests. Forms check shape; services check the rules."""

from __future__ import annotations

from django import forms

from podium.core.forms import PodiumForm
from podium.subject_access.models import Exemption, IdentityMethod, StopReason


class RequestForm(PodiumForm):
    requester_name = forms.CharField(
        max_length=200,
        label="Requester's name",
        error_messages={"required": "Enter the requester's name."},
    )
    requester_email = forms.EmailField(
        required=False,
        label="Requester's e-mail address",
        help_text="Searched exactly, in every record that holds one.",
        error_messages={"invalid": "Enter the e-mail address as name@example.ac.uk."},
    )
    staff_number = forms.CharField(
        max_length=32,
        required=False,
        label="Staff number",
        help_text="If the requester is a member of staff.",
    )
    received_on = forms.DateField(
        label="Date received",
        help_text="For example 2026-12-07. The one-month clock runs from this day.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date the request was received.",
            "invalid": "Enter the date received as a date, for example 2026-12-07.",
        },
    )
    details = forms.CharField(
        required=False,
        label="What they asked for",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class IdentityForm(PodiumForm):
    method = forms.ChoiceField(
        choices=IdentityMethod.choices,
        widget=forms.RadioSelect,
        label="How was the requester's identity checked?",
        error_messages={
            "required": "Choose how the requester's identity was checked.",
            "invalid_choice": "Choose how the requester's identity was checked.",
        },
    )


class StopClockForm(PodiumForm):
    stop_reason = forms.ChoiceField(
        choices=StopReason.choices,
        widget=forms.RadioSelect,
        label="What are you waiting for?",
        error_messages={
            "required": "Choose what you are waiting for.",
            "invalid_choice": "Choose what you are waiting for.",
        },
    )


class ExtendForm(PodiumForm):
    reason = forms.CharField(
        label="Why does the request need two more months?",
        help_text=(
            "Only for complex or numerous requests (Art 12(3)). "
            "Tell the requester within the first month."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Give the reason for extending the time to answer."},
    )


class DecideForm(PodiumForm):
    candidate = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose a search result.",
            "invalid": "Choose a search result.",
        },
    )
    confirmed = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
        error_messages={
            "required": "Say whether it is the requester.",
            "invalid_choice": "Say whether it is the requester.",
        },
    )


class WithholdForm(PodiumForm):
    record_type = forms.CharField(widget=forms.HiddenInput, max_length=100)
    record_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    field_name = forms.CharField(
        required=False,
        max_length=100,
        label="Field",
        help_text="Leave empty to withhold the whole record.",
    )
    exemption = forms.ChoiceField(
        choices=[("", "Choose…"), *Exemption.choices],
        label="Exemption",
        error_messages={
            "required": "Choose the exemption that applies.",
            "invalid_choice": "Choose the exemption that applies.",
        },
    )
    reason = forms.CharField(
        label="Reason (shown in the export)",
        max_length=2000,
        error_messages={"required": "Give the reason for withholding it."},
    )


class RemoveWithholdingForm(PodiumForm):
    withholding = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "Choose what to put back."}
    )
