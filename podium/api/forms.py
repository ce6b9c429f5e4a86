from __future__ import annotations

from django import forms

from podium.api.models import TokenScope
from podium.core.forms import PodiumForm

LIFETIMES = [("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("365", "1 year")]


class TokenForm(PodiumForm):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the token is for, so you can tell your tokens apart. "
        "For example, “Nightly HR sync”.",
        error_messages={"required": "Enter a name for the token."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        label="What it may do",
        help_text="It can never do more than you can. Choose read only unless it must change data.",
        error_messages={"invalid_choice": "Choose what the token may do."},
    )
    expires_in = forms.TypedChoiceField(
        choices=LIFETIMES,
        coerce=int,
        initial="30",
        label="Expires after",
        error_messages={"invalid_choice": "Choose when the token expires."},
    )
