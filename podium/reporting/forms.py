from __future__ import annotations

from django import forms

from podium.core.forms import PodiumForm
from podium.reporting.models import Jurisdiction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignOffForm(PodiumForm):
    signer_name = forms.CharField(
        label="Name of the governing body member",
        max_length=200,
        error_messages={"required": "Enter the name of the governing body member signing."},
    )
    signed_on = forms.DateField(
        label="Date of sign-off",
        widget=DATE,
        error_messages={
            "required": "Enter the date of sign-off.",
            "invalid": "Enter the date of sign-off as a real date.",
        },
    )
    minute_reference = forms.CharField(
        max_length=100,
        help_text="Where the governing body's minutes record the sign-off.",
        error_messages={"required": "Enter the reference of the minute recording it."},
    )


class SettingsForm(PodiumForm):
    suppression_threshold = forms.IntegerField(
        label="Withhold counts below",
        min_value=1,
        max_value=100,
        help_text="A count above zero and below this reads “<5” in exports and public reports.",
        error_messages={"required": "Enter the threshold.", "min_value": "Enter 1 or more."},
    )
    jurisdiction = forms.ChoiceField(
        choices=[("", "Follow the nation in the events policy"), *Jurisdiction.choices],
        required=False,
    )


class PublishForm(PodiumForm):
    """Nothing to fill in: the button publishes the figures shown."""
