from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from podium.accounts.forms import UnitChoiceField
from podium.accounts.models import OrgUnit
from podium.core.forms import PodiumForm


class AuditFilterForm(PodiumForm):
    actor = forms.EmailField(
        required=False, label="Done by", help_text="The person's e-mail address.", max_length=254
    )
    action = forms.CharField(
        required=False,
        max_length=100,
        label="Action begins with",
        help_text="For example accounts.role for every role granted or revoked.",
    )
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label="In unit (and below)",
        empty_label="Any unit",
    )
    target = forms.RegexField(
        required=False,
        regex=r"^[a-z_]+\.[a-z_]+:[0-9A-Za-z-]{1,64}$",
        max_length=200,
        label="Record",
        help_text="As shown in a record's history link, for example accounts.orgunit:12.",
        error_messages={"invalid": "Enter a record like accounts.orgunit:12."},
    )
    since = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date for From."},
    )
    until = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date for To."},
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "To must be the same as or after From.")
        return cleaned
