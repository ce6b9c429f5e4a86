"""Forms for the policy pages. They parse and bound what an administrator types;
the rules (uniqueness, stale edits) live in `policy.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from podium.accounts.forms import EditForm, UnitChoiceField
from podium.accounts.models import OrgUnit
from podium.core.forms import PodiumForm
from podium.events.models import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    MATRIX_SCALE,
    Attendance,
    EventType,
    Nation,
    RiskLevel,
    StepKind,
)
from podium.events.policy.services import MAX_POINTS, StepSpec, matrix_key, reviewing_roles


def _whole_number(what: str, *, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    """An integer field whose messages name `what` ("the notice")."""
    message = f"Enter {what} as a whole number from {low} to {high}."
    return forms.IntegerField(
        min_value=low,
        max_value=high,
        error_messages={
            "required": f"Enter {what}.",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def _units(help_text: str = "Applies to this unit and every unit below it.") -> UnitChoiceField:
    return UnitChoiceField(
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        empty_label="The whole institution",
        label="Unit",
        help_text=help_text,
    )


ACTIVE_HINT = "Inactive entries stay on past requests but are not offered for new ones."


class EventsPolicyForm(EditForm):
    nation = forms.ChoiceField(
        choices=Nation.choices,
        label="Whose bank holidays count as non-working days",
        error_messages={"required": "Choose whose bank holidays count."},
    )
    appeal_window_days = _whole_number(
        "the appeal window",
        low=1,
        high=60,
        label="Appeal window, in working days",
        help_text="How long after a decision an organiser may appeal.",
    )
    reminder_days_before_due = _whole_number(
        "when to remind reviewers",
        low=0,
        high=20,
        label="Remind reviewers, working days before a step is due",
    )


class ClosureDayForm(EditForm):
    date = forms.DateField(
        label="Date",
        help_text="For example, 29/12/2026.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"],
        error_messages={
            "required": "Enter the date the institution is closed.",
            "invalid": "Enter a real date, like 29/12/2026.",
        },
        widget=forms.DateInput(format="%d/%m/%Y"),
    )
    description = forms.CharField(
        max_length=200,
        label="Description",
        help_text="For example, “University closure between Christmas and New Year”.",
        error_messages={"required": "Enter a description of the closure."},
    )


def _briefing_field() -> forms.BooleanField:
    """Whether a student organiser needs an in-date briefing (podium.training) to submit."""
    return forms.BooleanField(
        required=False,
        label="Student organisers must be briefed",
        help_text=(
            "A student organiser without an in-date student event-organiser briefing cannot "
            "submit such a request (they can still save a draft)."
        ),
    )


class EventTypeForm(EditForm):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter the type's name."})
    description = forms.CharField(max_length=300, required=False)
    is_active = forms.BooleanField(
        required=False, initial=True, label="Offered for new requests", help_text=ACTIVE_HINT
    )
    requires_briefing = _briefing_field()


class NoticePeriodForm(EditForm):
    event_type = forms.ModelChoiceField(
        queryset=EventType.objects.all(),
        required=False,
        empty_label="Any event type",
        label="Event type",
    )
    unit = _units()
    working_days = _whole_number(
        "the notice", low=0, high=250, label="Notice needed, in working days"
    )


class CampusForm(EditForm):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter the campus name."})
    is_active = forms.BooleanField(
        required=False, initial=True, label="Offered for new requests", help_text=ACTIVE_HINT
    )


class RiskLevelForm(EditForm):
    name = forms.CharField(max_length=50, error_messages={"required": "Enter the level's name."})
    rank = _whole_number(
        "the rank", low=1, high=99, label="Rank", help_text="Higher ranks are more serious."
    )
    description = forms.CharField(
        max_length=300,
        required=False,
        help_text="What the level means for reviewers, e.g. who looks at the request.",
    )
    requires_briefing = _briefing_field()


class RiskMatrixForm(PodiumForm):
    """The 3×3 grid: a level for each likelihood (row) × impact (column)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = RiskLevel.objects.order_by("rank")
        for likelihood in MATRIX_SCALE:
            for impact in MATRIX_SCALE:
                self.fields[matrix_key(likelihood, impact)] = forms.ModelChoiceField(
                    queryset=levels,
                    empty_label=None,
                    label=(
                        f"Level when likelihood is {LIKELIHOOD_LABELS[likelihood].lower()} "
                        f"and impact is {IMPACT_LABELS[impact].lower()}"
                    ),
                    error_messages={
                        "required": "Choose a level.",
                        "invalid_choice": "Choose a level.",
                    },
                )

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                LIKELIHOOD_LABELS[likelihood],
                [self[matrix_key(likelihood, impact)] for impact in MATRIX_SCALE],
            )
            for likelihood in MATRIX_SCALE
        ]

    def levels(self) -> dict[tuple[int, int], RiskLevel]:
        return {
            (likelihood, impact): self.cleaned_data[matrix_key(likelihood, impact)]
            for likelihood in MATRIX_SCALE
            for impact in MATRIX_SCALE
        }


class ScreeningQuestionForm(EditForm):
    text = forms.CharField(
        max_length=300,
        label="Question",
        help_text="Asked of every request, answered yes or no.",
        error_messages={"required": "Enter the question."},
    )
    help_text = forms.CharField(
        max_length=500, required=False, label="Hint", help_text="Shown under the question."
    )
    likelihood_points = _whole_number(
        "the likelihood points",
        low=0,
        high=MAX_POINTS,
        label="Likelihood points for a “yes”",
    )
    impact_points = _whole_number(
        "the impact points", low=0, high=MAX_POINTS, label="Impact points for a “yes”"
    )
    yes_means_attendance = forms.ChoiceField(
        choices=[("", "Not about attendance"), *Attendance.choices],
        required=False,
        label="A “yes” means the event is",
        help_text=(
            "For a question about who can attend: a request whose answer disagrees "
            "with its attendance cannot be submitted until the organiser corrects it."
        ),
    )
    order = _whole_number(
        "the order", low=0, high=999, label="Order", help_text="Lower numbers are asked first."
    )
    is_active = forms.BooleanField(
        required=False, initial=True, label="Asked of new requests", help_text=ACTIVE_HINT
    )


class RoutingRuleForm(EditForm):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter the rule's name."})
    unit = _units("Requests from this unit and every unit below it.")
    risk_level = forms.ModelChoiceField(
        queryset=RiskLevel.objects.order_by("rank"),
        required=False,
        empty_label="Any level",
        label="Suggested risk level",
    )
    order = _whole_number(
        "the order",
        low=0,
        high=999,
        label="Order",
        help_text="Rules are tried from the lowest number; the first that matches applies.",
    )
    is_active = forms.BooleanField(
        required=False, initial=True, label="Active", help_text="Inactive rules route nothing."
    )


class RoutingStepForm(forms.Form):
    role = forms.ChoiceField(required=False, label="Reviewer role")
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="The request's own unit (or a unit above it)",
        label="Where they hold the role",
    )
    deadline_days = forms.IntegerField(
        min_value=1,
        max_value=60,
        required=False,
        initial=5,
        label="Days to review, in working days",
        error_messages={
            "invalid": "Enter the days to review as a whole number from 1 to 60.",
            "min_value": "Enter the days to review as a whole number from 1 to 60.",
            "max_value": "Enter the days to review as a whole number from 1 to 60.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(
        choices=StepKind.choices,
        required=False,
        initial=StepKind.SEQUENTIAL,
        label="How the request reaches this step",
        help_text="“Must approve before the next”: its approval passes the request on, "
        "and the last such step decides. “Reached only by escalation”: only when a "
        "reviewer escalates, or a deadline passes.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", "No step")] + [(r.value, r.label) for r in reviewing_roles()]
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True)  # type: ignore[attr-defined]

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("role") or self.cleaned_data.get("unit"))


class BaseStepFormSet(forms.BaseFormSet[RoutingStepForm]):
    """Steps 1..n in order: at least one, and no blank step before a filled one."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Clean every row, spare or not, whatever the management form claims: a step
        # left as it was is still a step (Django skips unchanged spare rows).
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self) -> None:
        if any(self.errors):
            return
        seen_blank = None
        filled = 0
        for number, form in enumerate(self.forms, start=1):
            if form.is_blank:
                seen_blank = seen_blank or number
                continue
            if seen_blank:
                raise ValidationError(
                    f"Step {seen_blank} is empty: fill in the steps in order, without gaps."
                )
            if not form.cleaned_data.get("role"):
                form.add_error("role", f"Choose the reviewer role for step {number}.")
            if form.cleaned_data.get("deadline_days") is None:
                form.add_error("deadline_days", f"Enter the days to review for step {number}.")
            filled += 1
        if not filled:
            raise ValidationError("Add at least one review step.")
        if all(
            form.cleaned_data.get("kind") == StepKind.ESCALATION
            for form in self.forms
            if not form.is_blank
        ):
            raise ValidationError(
                "Make at least one step “Must approve before the next”: a request starts there."
            )

    def steps(self) -> list[StepSpec]:
        return [
            StepSpec(
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
                deadline_days=form.cleaned_data["deadline_days"],
                kind=form.cleaned_data["kind"] or StepKind.SEQUENTIAL,
            )
            for form in self.forms
            if not form.is_blank
        ]


SPARE_STEPS = 2  # blank rows under the existing steps, for adding steps without JavaScript
MAX_STEPS = 8

RoutingStepFormSet = forms.formset_factory(
    RoutingStepForm,
    formset=BaseStepFormSet,
    extra=SPARE_STEPS,
    max_num=MAX_STEPS,
    absolute_max=MAX_STEPS,
    validate_max=True,
)


class MitigationForm(EditForm):
    name = forms.CharField(
        max_length=150, error_messages={"required": "Enter the mitigation's name."}
    )
    description = forms.CharField(max_length=500, required=False, widget=forms.Textarea)
    prevent_related = forms.BooleanField(
        required=False,
        label="Prevent-related",
        help_text="Counted as a Prevent mitigation in the returns to the regulator.",
    )
    default_owner = forms.CharField(
        max_length=100,
        required=False,
        label="Default owner",
        help_text="Who usually carries it out, e.g. Organiser or Campus Security.",
    )
    is_active = forms.BooleanField(
        required=False, initial=True, label="Offered to reviewers", help_text=ACTIVE_HINT
    )
