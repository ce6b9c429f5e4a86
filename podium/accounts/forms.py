from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as allauth_mfa_forms
from allauth.mfa.totp import forms as allauth_totp_forms
from allauth.mfa.webauthn import forms as allauth_webauthn_forms
from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from podium.accounts import services
from podium.accounts.models import OrgUnit, UnitKind
from podium.accounts.roles import Role
from podium.core.forms import PodiumForm


class UnitSelect(forms.Select):
    """A select rendered in Python: a students' union alone can have hundreds of
    societies, and an institution thousands of units; Django's per-option templates
    made the unit filter most of a page's time. The markup is the same as Django's.

    The options of a `UnitChoiceField` are read as (pk, name, depth) rows, not as
    model instances (2,020 units: most of the audit log's time at national scale,
    docs/performance.md); any other choices are rendered as given."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = {str(v) for v in self.format_value(value)}
        # The standard library's escape, as Django's `escape` calls it, without the
        # lazy-string wrapper Django's adds to every call (2,020 units: ~4,000 calls).
        options = "".join(
            f'<option value="{html.escape(str(option_value))}"'
            f"{' selected' if str(option_value) in selected else ''}>"
            f"{html.escape(str(label))}</option>"
            for option_value, label in self._options()
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))  # noqa: S308 - each part escaped above

    def _options(self) -> Iterator[tuple[Any, Any]]:
        choices = self.choices
        field = getattr(choices, "field", None)
        if not (
            isinstance(choices, ModelChoiceIterator)
            and isinstance(field, UnitChoiceField)
            and type(field).label_from_instance is UnitChoiceField.label_from_instance
            and field.to_field_name is None
        ):
            yield from choices
            return
        if field.empty_label is not None:
            yield "", field.empty_label
        for pk, unit_name, depth in choices.queryset.values_list("pk", "name", "depth"):
            yield pk, unit_label(unit_name, depth)


def unit_label(name: str, depth: int) -> str:
    """A unit's name indented by its depth, so a faculty's departments read under it."""
    return "\u2003" * depth + name


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    """Units listed as an indented tree, so a faculty's departments read under it."""

    widget = UnitSelect

    def label_from_instance(self, obj: OrgUnit) -> str:
        return unit_label(obj.name, obj.depth)


def _email_widget(**attrs: Any) -> forms.EmailInput:
    return forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false", **attrs})


def _password(field: forms.Field, label: str, required: str, autocomplete: str) -> None:
    field.label = label
    field.error_messages["required"] = required
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["autocomplete"] = autocomplete
    field.help_text = ""


STRONG_CHOICE_HINT = (
    "At least 12 characters. A few unrelated words make a strong password that is easy to remember."
)


class SignInForm(allauth_forms.LoginForm):
    """allauth's sign-in form, worded and rendered as Podium's other forms."""

    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "E-mail address"
        login.error_messages["required"] = "Enter your e-mail address."
        login.error_messages["invalid"] = EMAIL_ERRORS["invalid"]
        login.widget = _email_widget(autofocus=True)
        _password(self.fields["password"], "Password", "Enter your password.", "current-password")


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "E-mail address"
        email.error_messages["required"] = "Enter your e-mail address."
        email.error_messages["invalid"] = EMAIL_ERRORS["invalid"]
        email.widget = _email_widget()

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        services.note_password_reset_requested(email=self.cleaned_data["email"])
        return str(super().save(request, **kwargs))


def _new_password_pair(fields: dict[str, forms.Field]) -> None:
    """The new password and its confirmation, worded the same wherever they appear."""
    _password(fields["password1"], "New password", "Enter a new password.", "new-password")
    fields["password1"].help_text = STRONG_CHOICE_HINT
    _password(
        fields["password2"],
        "Confirm the new password",
        "Enter the new password again.",
        "new-password",
    )


class SetPasswordForm(allauth_forms.ResetPasswordKeyForm):
    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_pair(self.fields)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _password(
            self.fields["oldpassword"],
            "Current password",
            "Enter your current password.",
            "current-password",
        )
        _new_password_pair(self.fields)


class TotpCodeForm(allauth_mfa_forms.AuthenticateForm):
    """The code asked for at sign-in, from the authenticator app or a recovery code."""

    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"])


class ReauthenticateCodeForm(allauth_mfa_forms.ReauthenticateForm):
    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"])


class ActivateTotpForm(allauth_totp_forms.ActivateTOTPForm):
    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"])
        self.fields["code"].help_text = "The 6-digit code your authenticator app shows now."


class AddSecurityKeyForm(allauth_webauthn_forms.AddWebAuthnForm):
    """Adding a security key or passkey: the browser fills `credential` (hidden)."""

    template_name = "core/forms/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "A name for it"
        self.fields[
            "name"
        ].help_text = "So you can tell your keys apart, e.g. “YubiKey” or “Work laptop”."
        self.fields["name"].widget.attrs.update({"autocomplete": "off", "maxlength": "100"})
        self.fields["passwordless"].label = "Also sign in with it alone (a passkey)"
        self.fields[
            "passwordless"
        ].help_text = "Then it asks for your fingerprint, face or PIN, and you need no password."


def _code_field(field: forms.Field) -> None:
    field.label = "Code"
    field.error_messages["required"] = "Enter the code."
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(
        {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
    )
    field.help_text = (
        "The 6-digit code your authenticator app shows now, or one of your recovery codes."
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


class MfaPolicyForm(PodiumForm):
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles that must use two-factor authentication",
        help_text=(
            "People holding a ticked role who have not set up an authenticator app "
            "are asked to set one up the next time they sign in."
        ),
    )


class OidcProviderForm(PodiumForm):
    name = forms.CharField(
        max_length=40,
        label="Name shown on the sign-in page",
        help_text=(
            'For example "University account (Microsoft)". People see "Sign in with" and this.'
        ),
        error_messages={"required": "Enter the name people will see."},
    )
    provider_id = forms.SlugField(
        max_length=200,
        label="Short identifier",
        help_text="Letters, numbers and hyphens, for example entra. It is part of the "
        "redirect URI you register with the provider and cannot change later.",
        error_messages={
            "required": "Enter a short identifier.",
            "invalid": "Use only letters, numbers, hyphens and underscores.",
        },
    )
    server_url = forms.URLField(
        max_length=500,
        label="Issuer URL",
        help_text="The provider's issuer. For Microsoft Entra ID: "
        "https://login.microsoftonline.com/<tenant ID>/v2.0",
        error_messages={
            "required": "Enter the issuer URL.",
            "invalid": "Enter a full URL starting with https://",
        },
        assume_scheme="https",
    )
    client_id = forms.CharField(
        max_length=191,
        label="Client ID",
        help_text="The application (client) ID the provider gave Podium.",
        error_messages={"required": "Enter the client ID."},
    )
    secret = forms.CharField(
        max_length=191,
        required=False,
        label="Client secret",
        help_text="Leave empty to keep the current secret.",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    trust_email = forms.BooleanField(
        required=False,
        label="Trust the e-mail addresses this provider gives",
        help_text="Tick only for your institution's own directory (such as Entra ID), "
        "which does not say whether an address is verified. Otherwise Podium matches "
        "people only by addresses the provider marks as verified.",
    )


class SamlProviderForm(PodiumForm):
    name = forms.CharField(
        max_length=40,
        label="Name shown on the sign-in page",
        help_text='For example "University account (Shibboleth)".',
        error_messages={"required": "Enter the name people will see."},
    )
    organisation = forms.SlugField(
        max_length=191,
        label="Short identifier",
        help_text="Letters, numbers and hyphens, for example exampleshire. It is part of "
        "Podium's SAML metadata and assertion consumer URLs and cannot change later.",
        error_messages={
            "required": "Enter a short identifier.",
            "invalid": "Use only letters, numbers, hyphens and underscores.",
        },
    )
    entity_id = forms.CharField(
        max_length=500,
        label="Identity provider entity ID",
        help_text="For example https://idp.example.ac.uk/idp/shibboleth",
        error_messages={"required": "Enter the identity provider's entity ID."},
    )
    sso_url = forms.URLField(
        max_length=500,
        label="Single sign-on URL (HTTP-Redirect binding)",
        help_text="For example https://idp.example.ac.uk/idp/profile/SAML2/Redirect/SSO",
        error_messages={
            "required": "Enter the single sign-on URL.",
            "invalid": "Enter a full URL starting with https://",
        },
        assume_scheme="https",
    )
    certificate = forms.CharField(
        max_length=20000,
        label="Signing certificate",
        help_text="The identity provider's signing certificate, in PEM form "
        "(-----BEGIN CERTIFICATE----- …), from its metadata.",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        error_messages={"required": "Paste the identity provider's signing certificate."},
    )
    trust_email = forms.BooleanField(
        required=False,
        label="Trust the e-mail addresses this identity provider gives",
        help_text="Tick for your institution's own identity provider. Podium matches "
        "people by the mail attribute (urn:oid:0.9.2342.19200300.100.1.3).",
    )

    def clean_certificate(self) -> str:
        from cryptography import x509

        pem = str(self.cleaned_data["certificate"]).strip()
        if "BEGIN CERTIFICATE" not in pem:
            pem = f"-----BEGIN CERTIFICATE-----\n{pem}\n-----END CERTIFICATE-----"
        try:
            x509.load_pem_x509_certificate(pem.encode())
        except ValueError:
            raise forms.ValidationError(
                "This is not a certificate in PEM form. Copy it from the identity "
                "provider's metadata (the X509Certificate element)."
            ) from None
        return pem
