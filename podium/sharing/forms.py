"""Forms for information sharing. Forms check shape; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.core.forms import PodiumForm
from podium.sharing import access, selectors
from podium.sharing.models import (
    RAG,
    LawfulBasis,
    Method,
    PartnerKind,
    ReviewOutcome,
    SpecialCondition,
)


def _text(
    label: str, *, required: bool = True, help_text: str = "", max_length: int = 5000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}.",
            "max_length": f"{label} must be at most {max_length} characters.",
        },
    )


def _line(
    label: str, *, required: bool = True, help_text: str = "", max_length: int = 200
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}.",
            "max_length": f"{label} must be at most {max_length} characters.",
        },
    )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class PartnerForm(PodiumForm):
    name = _line("Name")
    kind = forms.ChoiceField(
        choices=PartnerKind.choices,
        label="Kind of organisation",
        error_messages={"required": "Choose what kind of organisation the partner is."},
    )
    contact_name = _line("Named contact")
    contact_route = _line(
        "Secure contact route",
        max_length=300,
        help_text="A secure e-mail address, portal or telephone line.",
    )
    is_active = forms.BooleanField(required=False, initial=True, label="In use")


class PurposeForm(PodiumForm):
    name = _line("Purpose")
    is_active = forms.BooleanField(required=False, initial=True, label="In use")


class PolicyForm(PodiumForm):
    text = _text(
        "Policy text",
        max_length=50000,
        help_text="Publishing adds a new version; earlier versions stay as they were.",
    )


class DisclosureForm(PodiumForm):
    """The subject (speaker, request or other) and direction are fixed by the page
    the sharer came from; the ticked fields are those of that subject."""

    partner = forms.ModelChoiceField(
        queryset=selectors.active_partners(),
        label="Partner organisation",
        error_messages={"required": "Choose the partner organisation from the register."},
    )
    subject_text = _line("What it is about", required=False, max_length=300)
    fields_shared = forms.MultipleChoiceField(
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Fields shared",
        help_text="Podium keeps a copy of exactly these fields as shared, and nothing more.",
    )
    received = _text("What is shared or received", required=False, max_length=20000)
    attachment = forms.FileField(
        required=False,
        label="Attachment (optional)",
        help_text="What came as a file: a PDF or plain text file, up to 5 MB. Kept privately.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.txt"}),
    )
    purpose = forms.ModelChoiceField(
        queryset=selectors.active_purposes(),
        error_messages={"required": "Choose the purpose of sharing."},
    )
    necessity = _text(
        "Necessity and proportionality",
        help_text="Why sharing this, with this partner, is necessary and proportionate.",
    )
    benefits_and_risks = _text("Benefits and risks of sharing", required=False)
    risks_of_not_sharing = _text("Risks of not sharing", required=False)
    anonymised_would_do = forms.BooleanField(
        required=False, label="Anonymised or less data would achieve the purpose"
    )
    safeguards = _text("Safeguards", required=False)
    lawful_basis = forms.ChoiceField(
        choices=[("", "Choose…"), *LawfulBasis.choices],
        label="UK GDPR Article 6 lawful basis",
        error_messages={"required": "Choose the UK GDPR Article 6 lawful basis."},
    )
    special_category = forms.BooleanField(
        required=False, label="Special category or criminal offence data is involved"
    )
    special_condition = forms.ChoiceField(
        choices=[("", "None"), *SpecialCondition.choices],
        required=False,
        label="Article 9 or Article 10 condition",
    )
    schedule1_paragraph = _line(
        "DPA 2018 Schedule 1 paragraph",
        required=False,
        help_text="For example: Part 2, paragraph 10 (preventing or detecting unlawful acts).",
    )
    statutory_power = _line("Statutory power relied on", required=False, max_length=300)
    agreement = forms.ModelChoiceField(
        queryset=selectors.current_agreements(),
        required=False,
        label="Data sharing agreement",
        empty_label="None: a one-off",
    )
    one_off_reason = _text("Why a one-off", required=False)
    decision_maker = PersonChoiceField(
        queryset=access.sharing_people(),
        label="Decision-maker",
        error_messages={"required": "Choose the person who decided."},
    )
    method = forms.ChoiceField(
        choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the information is shared."},
    )
    shared_on = forms.DateField(
        label="Date of sharing",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of sharing.", "invalid": "Enter a date."},
    )

    def __init__(
        self,
        *args: Any,
        field_choices: dict[str, str],
        subject_is_other: bool,
        incoming: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not incoming:
            del self.fields["attachment"]
        if field_choices:
            self.fields["fields_shared"].choices = list(field_choices.items())  # type: ignore[attr-defined]
        else:
            del self.fields["fields_shared"]
        if not subject_is_other:
            del self.fields["subject_text"]


class SignOffForm(PodiumForm):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you approve or refuse."},
    )
    reason = _text("Reasons", required=False, help_text="Required when refusing.")


class SendForm(PodiumForm):
    urgent_reason = _text(
        "Why it is urgent",
        required=False,
        help_text="Only without DPO sign-off: the risk to life or of serious harm.",
    )


class ReasonForm(PodiumForm):
    reason = _text("Reason")


class ReviewForm(PodiumForm):
    note = _text("Outcome of your review")


class AskForm(PodiumForm):
    partners = forms.ModelMultipleChoiceField(
        queryset=selectors.active_partners(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one partner from the register."},
    )
    question = _text("Question")
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty for the default of 10 working days.",
        error_messages={"invalid": "Enter a date."},
    )


class ReceiveForm(PodiumForm):
    partner = forms.ModelChoiceField(
        queryset=selectors.active_partners(),
        label="Partner who asked",
        error_messages={"required": "Choose the partner who asked."},
    )
    speaker_name = _line("Speaker's name as given")
    question = _text("Question")
    due_on = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty for the default of 10 working days.",
        error_messages={"invalid": "Enter a date."},
    )


class AnswerForm(PodiumForm):
    rag = forms.ChoiceField(
        choices=RAG.choices,
        widget=forms.RadioSelect,
        label="Rating",
        error_messages={"required": "Choose the rating: red, amber or green."},
    )
    summary = _text("Factual summary")
    lawful_basis = forms.ChoiceField(
        choices=[("", "Choose…"), *LawfulBasis.choices],
        label="UK GDPR Article 6 lawful basis",
        error_messages={"required": "Choose the UK GDPR Article 6 lawful basis."},
    )


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the {label[0].lower()}{label[1:]}.",
            "invalid": "Enter a date.",
        },
    )


class AgreementForm(PodiumForm):
    title = _line("Title")
    partners = forms.ModelMultipleChoiceField(
        queryset=selectors.active_partners(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one partner."},
    )
    purpose = _text("Purpose")
    data_categories = _text("Categories of data")
    lawful_bases = _text("Lawful bases")
    starts_on = _date("Start date")
    review_on = _date(
        "Review date", required=False, help_text="Leave empty for a year after the start."
    )
    ends_on = _date("End date", required=False)
    retention_years = forms.IntegerField(
        label="Keep disclosures under it for (years)",
        min_value=1,
        max_value=50,
        initial=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "required": "Enter how many years disclosures are kept.",
            "invalid": "Enter the years as a whole number.",
            "min_value": "Keep disclosures for at least a year.",
            "max_value": "The years must be at most 50.",
        },
    )
    owner = PersonChoiceField(
        queryset=access.register_keepers(),
        error_messages={"required": "Choose the owner: the DPO or an administrator."},
    )
    document = forms.FileField(
        required=False,
        label="Signed agreement (optional)",
        help_text="A PDF, up to 5 MB. Kept privately; a new one replaces the old.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )


class AgreementReviewForm(PodiumForm):
    outcome = forms.ChoiceField(
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome: continue, amend or end."},
    )
    note = _text("Note", required=False)
