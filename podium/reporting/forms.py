from __future__ import annotations

from django import forms

from podium.core.forms import PodiumForm
from podium.reporting.models import Jurisdiction


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
