from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet

from podium.accounts.models import OrgUnit, UnitKind
from podium.accounts.roles import Role
from podium.core.forms import PodiumForm


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    """Units listed as an indented tree, so a faculty's departments read under it."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u2003" * obj.depth + obj.name


class SignInForm(AuthenticationForm):
    template_name = "core/forms/form.html"
    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password.",
        "inactive": "This account has been deactivated. Ask your Podium administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address"
        self.fields["username"].error_messages["required"] = "Enter your e-mail address."
        self.fields["password"].error_messages["required"] = "Enter your password."
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "username", "autofocus": True, "spellcheck": "false"}
        )


EMAIL_ERRORS = {
    "invalid": "Enter an e-mail address in the correct format, like name@example.ac.uk.",
}


class EditForm(PodiumForm):
    """An edit form: carries the record's version from when it was opened."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class UnitForm(EditForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the unit's name."})
    kind = forms.ChoiceField(choices=UnitKind.choices)
    parent = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label="Belongs to",
        empty_label=None,
    )
    is_active = forms.BooleanField(
        required=False,
        initial=True,
        label="Active",
        help_text="Archived units keep their records but take no new ones.",
    )

    def __init__(
        self, *args: Any, parents: QuerySet[OrgUnit], editing_root: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing_root:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [
                choice for choice in UnitKind.choices if choice[0] != UnitKind.INSTITUTION
            ]


class PersonForm(EditForm):
    full_name = forms.CharField(
        max_length=200, label="Full name", error_messages={"required": "Enter their full name."}
    )
    email = forms.EmailField(
        max_length=254,
        label="E-mail address",
        error_messages={**EMAIL_ERRORS, "required": "Enter their e-mail address."},
        help_text="Their work address. Podium sends the sign-in invitation here.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class GrantRoleForm(PodiumForm):
    email = forms.EmailField(
        max_length=254,
        label="Person's e-mail address",
        error_messages={**EMAIL_ERRORS, "required": "Enter the e-mail address of the person."},
        help_text="They must already have a Podium account.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(choices=Role.choices)
    include_descendants = forms.BooleanField(
        required=False,
        initial=True,
        label="Also over every unit below it",
        help_text=(
            "For example, a Prevent lead for the whole institution, "
            "or a faculty events officer for all its departments."
        ),
    )


class ConfirmForm(PodiumForm):
    """A POST with nothing but the CSRF token, for deactivate and revoke buttons."""
