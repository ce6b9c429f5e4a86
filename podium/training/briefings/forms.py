"""Forms for the student event-organiser briefing. Forms check shape; services
check the rules."""

from __future__ import annotations

from django import forms

from podium.core.forms import PodiumForm
from podium.training.briefings.services import MAX_REMIND_DAYS, MAX_VALID_MONTHS


class ConfirmForm(PodiumForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        label="I have read and understood this briefing",
        error_messages={"required": "Confirm that you have read and understood the briefing."},
    )


class AttendanceForm(PodiumForm):
    student_email = forms.EmailField(
        label="Student's e-mail address",
        help_text="The student organiser who attended, as they sign in to Podium.",
        max_length=254,
        error_messages={
            "required": "Enter the student's e-mail address.",
            "invalid": "Enter an e-mail address, like name@example.ac.uk.",
        },
    )
    attended_on = forms.DateField(
        label="Date of the session",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of the session.",
            "invalid": "Enter a real date, like 2026-10-05.",
        },
    )


class VersionForm(PodiumForm):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the briefing's title."}
    )
    body = forms.CharField(
        label="Text of the briefing",
        help_text="What every student organiser reads. Blank lines separate paragraphs.",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=20000,
        error_messages={"required": "Enter the briefing's text."},
    )
    valid_for_months = forms.IntegerField(
        label="Valid for, in months",
        min_value=1,
        max_value=MAX_VALID_MONTHS,
        initial=12,
        error_messages={
            "required": "Enter how many months a briefing stays in date.",
            "invalid": "Enter a whole number of months.",
            "min_value": f"Enter a validity between 1 and {MAX_VALID_MONTHS} months.",
            "max_value": f"Enter a validity between 1 and {MAX_VALID_MONTHS} months.",
        },
    )
    remind_days_before = forms.IntegerField(
        label="Remind students, days before it lapses",
        min_value=0,
        max_value=MAX_REMIND_DAYS,
        initial=30,
        error_messages={
            "required": "Enter how many days before it lapses to remind students.",
            "invalid": "Enter a whole number of days.",
            "min_value": f"Enter a number of days between 0 and {MAX_REMIND_DAYS}.",
            "max_value": f"Enter a number of days between 0 and {MAX_REMIND_DAYS}.",
        },
    )
