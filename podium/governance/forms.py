from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts.models import User
from podium.core.forms import PodiumForm
from podium.governance import selectors
from podium.governance.models import (
    ActionCategory,
    ActionStatus,
    CodeSectionKind,
    ComplainantKind,
    ComplaintOutcome,
    NoticeChannel,
    Risk,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [(n, str(n)) for n in range(1, 6)]
LIKELIHOOD_HINT = "1 (rare) to 5 (almost certain)."
SEVERITY_HINT = "1 (negligible) to 5 (severe)."


class PersonChoice(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class RiskForm(PodiumForm):
    topic = forms.ModelChoiceField(
        queryset=selectors.active_topics(),
        empty_label="Choose a topic",
        error_messages={"required": "Choose the risk's topic."},
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Describe the risk."},
    )
    likelihood = forms.TypedChoiceField(choices=SCORES, coerce=int, help_text=LIKELIHOOD_HINT)
    severity = forms.TypedChoiceField(choices=SCORES, coerce=int, help_text=SEVERITY_HINT)
    controls = forms.CharField(
        label="Existing controls",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    residual_likelihood = forms.TypedChoiceField(
        choices=SCORES, coerce=int, help_text="With the existing controls. " + LIKELIHOOD_HINT
    )
    residual_severity = forms.TypedChoiceField(
        choices=SCORES, coerce=int, help_text="With the existing controls. " + SEVERITY_HINT
    )
    owner = PersonChoice(
        queryset=selectors.owner_choices(),
        empty_label="Choose a person",
        error_messages={"required": "Choose who owns the risk."},
    )
    further_action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Querysets are lazy: re-read them for each form.
        self.fields["topic"].queryset = selectors.active_topics()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = selectors.owner_choices()  # type: ignore[attr-defined]


class ActionForm(PodiumForm):
    risk = forms.ModelChoiceField(
        queryset=Risk.objects.none(),
        empty_label="Choose a risk",
        error_messages={"required": "Choose the risk the action addresses."},
    )
    category = forms.ChoiceField(choices=ActionCategory.choices)
    action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what is to be done."},
    )
    owner = PersonChoice(
        queryset=selectors.owner_choices(),
        empty_label="Choose a person",
        error_messages={"required": "Choose who owns the action."},
    )
    deadline = forms.DateField(
        widget=DATE,
        error_messages={
            "required": "Enter the deadline.",
            "invalid": "Enter the deadline as a real date.",
        },
    )
    progress = forms.CharField(
        label="Progress note",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    status = forms.ChoiceField(choices=ActionStatus.choices)

    def __init__(self, *args: Any, owner_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["risk"].queryset = Risk.objects.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = selectors.owner_choices()  # type: ignore[attr-defined]
        if owner_only:
            # The owner reports progress and status; the rest is the Prevent lead's.
            for name in ("risk", "category", "action", "owner", "deadline"):
                del self.fields[name]


class TopicForm(PodiumForm):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter the topic's name."})
    is_active = forms.BooleanField(label="In use", required=False, initial=True)


class BandsForm(PodiumForm):
    amber_from = forms.IntegerField(label="Amber from residual score", min_value=2, max_value=25)
    red_from = forms.IntegerField(label="Red from residual score", min_value=2, max_value=25)


class ComplaintForm(PodiumForm):
    complainant_kind = forms.ChoiceField(
        label="Who is complaining",
        choices=ComplainantKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is complaining."},
    )
    complainant_name = forms.CharField(
        label="Complainant's name",
        max_length=200,
        help_text="No anonymous complaints: the schemes require a named complainant.",
        error_messages={"required": "Enter the complainant's name: no anonymous complaints."},
    )
    complainant_email = forms.EmailField(
        label="Complainant's e-mail address",
        error_messages={
            "required": "Enter the complainant's e-mail address.",
            "invalid": "Enter an e-mail address like name@example.ac.uk.",
        },
    )
    event_reference = forms.CharField(
        label="Event request reference (optional)",
        max_length=20,
        required=False,
        help_text="If the complaint is about an event request.",
    )
    speaker_number = forms.IntegerField(
        label="Speaker's register number (optional)",
        required=False,
        min_value=1,
        help_text="The number in the address of the speaker's page, /speakers/123/.",
    )
    matter_on = forms.DateField(
        label="When the matter complained of happened",
        widget=DATE,
        error_messages={"required": "Enter when it happened.", "invalid": "Enter a real date."},
    )
    received_on = forms.DateField(
        label="Date received",
        widget=DATE,
        error_messages={"required": "Enter the date received.", "invalid": "Enter a real date."},
    )
    about = forms.CharField(
        label="What is complained of",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Say what is complained of."},
    )
    adverse_consequence = forms.CharField(
        label="Adverse consequence claimed",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Say what adverse consequence the complainant claims."},
    )


class ResponseForm(PodiumForm):
    responded_on = forms.DateField(
        label="Date of our response",
        widget=DATE,
        error_messages={
            "required": "Enter the date of the response.",
            "invalid": "Enter a real date.",
        },
    )
    response = forms.CharField(
        label="Our response",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Say how the complaint was answered."},
    )


class EscalationForm(PodiumForm):
    escalated_on = forms.DateField(
        label="Date escalated",
        widget=DATE,
        error_messages={"required": "Enter the date escalated.", "invalid": "Enter a real date."},
    )
    external_reference = forms.CharField(
        label="The scheme's reference",
        max_length=100,
        error_messages={"required": "Enter the scheme's reference for the complaint."},
    )


class ClosureForm(PodiumForm):
    outcome = forms.ChoiceField(
        choices=ComplaintOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    remedies = forms.CharField(
        label="Remedies (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )
    closed_on = forms.DateField(
        label="Date closed",
        widget=DATE,
        error_messages={"required": "Enter the date closed.", "invalid": "Enter a real date."},
    )


class CodeForm(PodiumForm):
    """One text box per section of the code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in CodeSectionKind.choices:
            self.fields[kind] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=20_000,
                required=False,
            )


class NoticeForm(PodiumForm):
    sent_on = forms.DateField(
        label="Date sent",
        widget=DATE,
        error_messages={"required": "Enter the date sent.", "invalid": "Enter a real date."},
    )
    channel = forms.ChoiceField(
        label="How it was sent",
        choices=NoticeChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it was sent."},
    )
    audience = forms.CharField(
        label="Which students",
        max_length=200,
        help_text="For example: all registered students, 2026–27.",
        error_messages={"required": "Say which students it went to."},
    )
    text = forms.CharField(
        label="The notice as sent",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        error_messages={"required": "Enter the notice's text as sent."},
    )
