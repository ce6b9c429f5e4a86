"""Forms for a request speaker's code-of-conduct acknowledgement."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.core.forms import PodiumForm


class SendAcknowledgementForm(PodiumForm):
    speaker = forms.TypedChoiceField(
        coerce=int, label="Speaker", error_messages={"required": "Choose the speaker."}
    )
    email = forms.EmailField(
        label="Speaker's e-mail address",
        error_messages={
            "required": "Enter the speaker's e-mail address.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )

    def __init__(self, *args: Any, speakers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = speakers  # type: ignore[attr-defined]


class AnswerForm(PodiumForm):
    answer = forms.ChoiceField(
        choices=[
            ("accept", "I accept the code of conduct"),
            ("decline", "I do not accept the code of conduct"),
        ],
        widget=forms.RadioSelect,
        label="Your answer",
        error_messages={"required": "Choose whether you accept the code of conduct."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
