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
        label="A different e-mail address (optional)",
        required=False,
        help_text=(
            "Leave empty to send the link to the speaker's address in the speaker register. "
            "A different address is used only once a reviewer of this request confirms it."
        ),
        error_messages={"invalid": "Enter an e-mail address like name@example.org."},
    )

    def __init__(
        self, *args: Any, speakers: list[tuple[int, str]], reviewer: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = speakers  # type: ignore[attr-defined]
        if reviewer:
            # Reviewers see the register's address and may correct it for this link.
            self.fields["email"].label = "Speaker's e-mail address"
            self.fields[
                "email"
            ].help_text = "The address in the speaker register. Leave empty to use it."


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
