"""The exchange's forms: registering a peer, adding and trusting a key, answering
a partner's Podium request, withdrawing a request."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.core.errors import DomainError
from podium.core.forms import PodiumForm
from podium.exchange import keys, services
from podium.sharing import selectors as sharing_selectors
from podium.sharing import services as sharing


class PeerForm(PodiumForm):
    name = forms.CharField(label="Institution", max_length=200)
    base_url = forms.CharField(
        label="Podium address",
        max_length=300,
        help_text="As the partner's Podium publishes it, e.g. https://podium.example.ac.uk",
    )
    partner = forms.ModelChoiceField(
        label="Partner in the sharing register",
        queryset=sharing_selectors.active_partners(),
        empty_label="Choose a partner",
    )
    public_key = forms.CharField(
        label="Public key",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="From the partner's /.well-known/podium-exchange (base64) or their "
        "administrator. You compare its fingerprint with them before trusting it.",
    )

    def clean_base_url(self) -> str:
        return str(_checked(lambda: services.clean_base_url(self.cleaned_data["base_url"])))

    def clean_public_key(self) -> str:
        return _public_key(self.cleaned_data["public_key"])


def _checked(check: Any) -> Any:
    try:
        return check()
    except DomainError as error:
        raise forms.ValidationError(error.message) from None


def _public_key(text: str) -> str:
    _checked(lambda: keys.decode_public(text))
    return text


class KeyForm(PodiumForm):
    public_key = forms.CharField(label="New public key", widget=forms.Textarea(attrs={"rows": 3}))

    def clean_public_key(self) -> str:
        return _public_key(self.cleaned_data["public_key"])


class TrustForm(PodiumForm):
    confirmed = forms.BooleanField(
        label="The partner's administrator read me this same fingerprint (by telephone "
        "or in person, not by e-mail)",
        required=False,
    )


class AnswerForm(PodiumForm):
    rag = forms.ChoiceField(
        label="Rating", choices=sharing_selectors.RAG_CHOICES, widget=forms.RadioSelect
    )
    summary = forms.CharField(label="Factual summary", widget=forms.Textarea(attrs={"rows": 4}))
    speaker_id = forms.IntegerField(
        label="Speaker's number in the register",
        min_value=1,
        required=False,
        help_text="Filled in when the name matched one speaker.",
    )
    fields_shared = forms.MultipleChoiceField(
        label="Fields shared",
        choices=list(sharing.shareable_fields(sharing_selectors.SPEAKER_SUBJECT).items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.ModelChoiceField(
        queryset=sharing_selectors.active_purposes(), empty_label="Choose a purpose"
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis (UK GDPR Art 6)",
        choices=[("", "Choose a lawful basis"), *sharing_selectors.LAWFUL_BASIS_CHOICES],
    )
    necessity = forms.CharField(
        label="Why sharing is necessary and proportionate", widget=forms.Textarea(attrs={"rows": 3})
    )
    one_off_reason = forms.CharField(
        label="One-off reason (no data sharing agreement)",
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="A partner institution's speaker information request, received over the "
        "Podium exchange.",
    )


class WithdrawForm(PodiumForm):
    reason = forms.CharField(label="Why it is withdrawn", widget=forms.Textarea(attrs={"rows": 2}))
