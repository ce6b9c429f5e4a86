"""Forms for staff training. Forms check shape; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts.forms import EditForm
from podium.accounts.roles import Role
from podium.core.forms import PodiumForm
from podium.training.importing import COLUMNS
from podium.training.models import Course, ImportKind, ReturnCategory, StaffGroup


def _number(
    label: str, *, required: bool = True, help_text: str = "", **kwargs: Any
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=3650,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a whole number.",
            "min_value": f"The {label.lower()} cannot be negative.",
            "max_value": f"The {label.lower()} must be at most 3650.",
        },
        **kwargs,
    )


class StaffGroupForm(EditForm):
    name = forms.CharField(
        max_length=100, label="Staff group", error_messages={"required": "Enter the group's name."}
    )
    is_active = forms.BooleanField(required=False, initial=True, label="In use")


class CourseForm(EditForm):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the course name."})
    code = forms.CharField(
        max_length=50,
        label="Code",
        help_text="How the learning system's export names the course, e.g. HO-PREVENT-AWARE.",
        error_messages={"required": "Enter the course code."},
    )
    provider = forms.CharField(
        max_length=200, error_messages={"required": "Enter who provides the course."}
    )
    category = forms.ChoiceField(
        choices=ReturnCategory.choices,
        widget=forms.RadioSelect,
        label="Counted in the return as",
        error_messages={"required": "Choose how the return counts this course."},
    )
    validity_months = forms.IntegerField(
        label="Valid for (months)",
        required=False,
        min_value=1,
        max_value=240,
        help_text="Leave empty if a completion never expires.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "invalid": "Enter the months as a whole number.",
            "min_value": "A course is valid for at least 1 month.",
            "max_value": "A course is valid for at most 240 months.",
        },
    )
    required_to_decide = forms.BooleanField(
        required=False,
        label="Reviewers must hold this course in date before deciding",
    )
    is_active = forms.BooleanField(required=False, initial=True, label="In use")


class RequirementForm(EditForm):
    course = forms.ModelChoiceField(
        queryset=Course.objects.filter(is_active=True),
        error_messages={"required": "Choose the course."},
    )
    group = forms.ModelChoiceField(
        queryset=StaffGroup.objects.filter(is_active=True),
        required=False,
        label="Staff group",
        help_text="Choose a staff group or a role.",
    )
    role = forms.ChoiceField(choices=[("", "No role"), *Role.choices], required=False, label="Role")
    due_within_days = _number("Days after starting to complete it")
    renew_every_months = forms.IntegerField(
        label="Renew every (months)",
        required=False,
        min_value=1,
        max_value=240,
        help_text="Leave empty if once is enough.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "invalid": "Enter the months as a whole number.",
            "min_value": "Renew at least every month.",
            "max_value": "Renew at most every 240 months.",
        },
    )
    window_days = _number(
        "Renewal window (days)",
        help_text="Completing this many days before the due date extends from the due date.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("group")) == bool(data.get("role")):
            self.add_error("group", "Choose a staff group or a role, not both.")
        return data


class CompletionForm(PodiumForm):
    course = forms.ModelChoiceField(
        queryset=Course.objects.filter(is_active=True),
        error_messages={"required": "Choose the course."},
    )
    completed_on = forms.DateField(
        label="Completed on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date it was completed.", "invalid": "Enter a date."},
    )
    evidence = forms.FileField(
        required=False,
        label="Certificate or other evidence",
        help_text="A PDF, PNG or JPEG file, up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class UploadForm(PodiumForm):
    kind = forms.ChoiceField(
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        label="What the file holds",
        error_messages={"required": "Choose what the file holds."},
    )
    file = forms.FileField(
        label="File",
        help_text="A CSV or XLSX file with a header row, up to 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Choose a file to upload."},
    )
    full_file = forms.BooleanField(
        required=False,
        label="This is a full staff list: anyone not in it has left",
        help_text="Only for staff directory files. Leavers are marked as left, never deleted.",
    )


class MappingForm(PodiumForm):
    """Which of their columns holds each of ours."""

    def __init__(self, *args: Any, kind: str, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *[(h, h) for h in headers]]
        for column in COLUMNS[ImportKind(kind)]:
            self.fields[column.key] = forms.ChoiceField(
                choices=choices,
                label=column.label,
                required=column.required,
                error_messages={
                    "required": f"Choose the column holding the {column.label.lower()}.",
                    "invalid_choice": "Choose one of the file's columns.",
                },
            )
