"""Forms for concerns. Forms check shape; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts import selectors as accounts
from podium.accounts.models import User
from podium.accounts.roles import Capability, roles_with
from podium.concerns.models import (
    AdviceFrom,
    Case,
    EventCategory,
    Ideology,
    Indicator,
    Jurisdiction,
    OtherPath,
    Outcome,
    ReferralRoute,
    Regulator,
)
from podium.core.forms import PodiumForm

DATE = {"invalid": "Enter a real date, for example 27 3 2026."}


def _date(
    label: str, *, required: bool = False, help_text: str = "", required_message: str = ""
) -> Any:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**DATE, "required": required_message or f"Enter {label.lower()}."},
    )


def _text(label: str, *, max_length: int, required: bool = True, rows: int = 4, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"Keep this to {max_length:,} characters or fewer."},
        **kw,
    )


def _number(label: str, *, low: int, high: int, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a whole number.",
            "min_value": f"The {label.lower()} must be at least {low}.",
            "max_value": f"The {label.lower()} must be at most {high}.",
        },
    )


class ShareForm(PodiumForm):
    immediate_danger = forms.TypedChoiceField(
        label="Is anyone in immediate danger?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text="If yes, call 999 first, then share the concern here.",
        error_messages={"required": "Say whether anyone is in immediate danger."},
    )
    noticed = _text(
        "What did you notice?",
        max_length=10_000,
        rows=6,
        help_text="What was said or done, by whom (if you know), and where.",
    )
    noticed_on = _date(
        "When did you notice it?", required=True, required_message="Enter when you noticed it."
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What kind of concern is it? (choose any that apply)",
    )
    online_elements = _text(
        "Online elements (optional)",
        max_length=5_000,
        required=False,
        rows=3,
        help_text="Websites, social media or messages involved, if any.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["noticed"].error_messages["required"] = "Enter what you noticed."
        self.fields["noticed_on"].error_messages["required"] = "Enter when you noticed it."


class CaseForm(PodiumForm):
    ideology = forms.ModelChoiceField(
        queryset=Ideology.objects.filter(is_active=True),
        required=False,
        label="Ideology category",
        empty_label="Not yet categorised",
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Case owner", empty_label="No owner yet"
    )
    urgent = forms.BooleanField(required=False, label="Urgent")
    lead_involved_on = _date("Prevent lead involved on")
    advice_sought_on = _date("External advice sought on")
    advice_from = forms.ChoiceField(
        choices=[("", "Not sought"), *AdviceFrom.choices],
        required=False,
        label="Advice sought from",
    )
    referral_on = _date("Formal referral made on")
    referral_route = forms.ChoiceField(
        choices=[("", "By the institution's jurisdiction"), *ReferralRoute.choices],
        required=False,
        label="Referral route",
    )
    other_path = forms.ChoiceField(choices=OtherPath.choices, required=False, label="Other path")
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False, label="Outcome")
    closed_on = _date("Closed on", help_text="Closing needs an outcome.")
    review_on = _date("Next review on", help_text="The owner is reminded on this day.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = accounts.people_holding(  # type: ignore[attr-defined]
            roles=roles_with(Capability.HANDLE_CONCERNS)
        ).order_by("full_name", "pk")
        self.fields["owner"].label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]


def case_initial(case: Case) -> dict[str, Any]:
    return {
        name: getattr(case, name)
        for name in [
            "ideology",
            "owner",
            "urgent",
            "lead_involved_on",
            "advice_sought_on",
            "advice_from",
            "referral_on",
            "referral_route",
            "other_path",
            "outcome",
            "closed_on",
            "review_on",
        ]
    }


class NoteForm(PodiumForm):
    text = _text(
        "Add a note", max_length=10_000, rows=3, help_text="Notes cannot be changed later."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Enter the note."


class IdentityForm(PodiumForm):
    full_name = forms.CharField(max_length=200, required=False, label="Name")
    number = forms.CharField(max_length=50, required=False, label="Student or staff number")
    contact = forms.CharField(max_length=300, required=False, label="Contact details")


class BreakGlassForm(PodiumForm):
    reference = forms.CharField(
        max_length=20,
        label="Case reference",
        help_text="For example PC-1A2B3C4D.",
        error_messages={"required": "Enter the case reference."},
    )
    reason = _text(
        "Why must you see this case?",
        max_length=2_000,
        rows=3,
        help_text="The Prevent lead is told at once, and the case shows who looked and why.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Say why you must see this case."


class SettingsForm(PodiumForm):
    guidance = _text("Notice, Check, Share guidance", max_length=10_000, rows=6)
    contacts = _text("Contacts", max_length=5_000, rows=3)
    jurisdiction = forms.ChoiceField(
        choices=Jurisdiction.choices,
        widget=forms.RadioSelect,
        help_text="Decides the referral route (Channel or PMAP) and the regulator (OfS or Medr).",
    )
    ideologies = _text(
        "Ideology categories (one a line)",
        max_length=5_000,
        rows=5,
        help_text="The regulator's list. A removed line stops being offered; cases keep theirs.",
    )
    indicators = _text("Indicators (one a line)", max_length=10_000, rows=8)
    suppression_threshold = _number(
        "Suppression threshold",
        low=1,
        high=100,
        help_text="Counts above zero and below this are withheld outside the safeguarding team.",
    )
    reporting_window_days = _number(
        "Reporting window in days",
        low=1,
        high=365,
        help_text="After this many days an unreported event reminds the Prevent lead.",
    )
    break_glass_hours = _number("Break-glass access in hours", low=1, high=72)
    students_may_share = forms.BooleanField(
        required=False,
        label="Students may share a concern",
        help_text="When ticked, students see \u201cShare a concern\u201d too; like staff, they see "
        "only that it was received.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("guidance", "contacts", "ideologies", "indicators"):
            self.fields[name].error_messages["required"] = f"Enter the {self.fields[name].label}."


class EventForm(PodiumForm):
    occurred_on = _date("Date of the event", required=True, required_message="Enter the date.")
    category = forms.ChoiceField(
        choices=EventCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the category."},
    )
    description = _text("Description", max_length=10_000, rows=5)
    case = forms.ModelChoiceField(
        queryset=Case.objects.none(),
        required=False,
        label="Linked case reference",
        to_field_name="reference",
        widget=forms.TextInput(),
        help_text="Optional, for example PC-1A2B3C4D.",
        error_messages={"invalid_choice": "Enter the reference of an existing case."},
    )
    event_reference = forms.CharField(
        max_length=20,
        required=False,
        label="Linked event request reference",
        help_text="Optional: the event it happened at, for example EV-2026-0042.",
    )
    follow_up = _text(
        "Follow-up notes",
        max_length=10_000,
        required=False,
        rows=3,
        help_text="Actions with an owner and a due date are added on the event's page.",
    )
    regulator = forms.ChoiceField(
        choices=[("", "Not reported yet"), *Regulator.choices], required=False
    )
    reported_on = _date("Reported on")
    regulator_reference = forms.CharField(
        max_length=100, required=False, label="Regulator's reference"
    )

    def __init__(self, *args: Any, linkable: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Describe the event."
        if linkable:
            self.fields["case"].queryset = Case.objects.all()  # type: ignore[attr-defined]
        else:
            del self.fields["case"]


class FollowUpForm(PodiumForm):
    action = forms.CharField(
        max_length=300,
        label="Action",
        error_messages={
            "required": "Enter the action.",
            "max_length": "Keep the action to 300 characters or fewer.",
        },
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Owner",
        empty_label="Choose a person",
        help_text="They are reminded when the action is overdue.",
        error_messages={"required": "Choose who owns the action."},
    )
    due_on = _date("Due on", required=True, required_message="Enter the due date.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = accounts.people_with_roles().order_by(  # type: ignore[attr-defined]
            "full_name", "pk"
        )
        self.fields["owner"].label_from_instance = lambda user: user.full_name or user.email  # type: ignore[attr-defined]
