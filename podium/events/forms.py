"""Forms for event requests: the organiser's steps, the reviewer's actions and the
decision with its free-speech record. Forms check shape; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from podium.accounts.forms import EditForm
from podium.accounts.models import OrgUnit, User, normalise_email
from podium.core.forms import PodiumForm
from podium.events.models import (
    Attendance,
    Campus,
    ConditionMet,
    EventType,
    Format,
    Incident,
    Mitigation,
    OrganiserKind,
    Outcome,
    Recording,
    RejectionCategory,
    ScreeningQuestion,
    SpeakerRole,
    SpeechLawful,
    VenueKind,
)
from podium.events.models.requests import DESCRIPTION_LIMIT
from podium.events.rules import Notice
from podium.events.services import (
    REJECTION_WORD_LIMIT,
    ConditionFacts,
    DecisionFacts,
    RequestFacts,
    SpeakerFacts,
)
from podium.speakers import access as register_access
from podium.speakers.matching import match_key
from podium.speakers.selectors import did_you_mean

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _datetime_field(label: str, required_message: str, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        error_messages={
            "required": required_message,
            "invalid": "Enter a date and time, like 14/03/2027 18:30.",
        },
        **kwargs,
    )


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


# --- The organiser's steps --------------------------------------------------------


class AboutForm(EditForm):
    """Step 1: what the event is and who organises it."""

    title = forms.CharField(max_length=200, error_messages={"required": "Enter the event's title."})
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=DESCRIPTION_LIMIT,
        help_text="What will happen, who it is for and why you are holding it.",
        error_messages={
            "max_length": "Keep the description to %(limit_value)s characters "
            "(it has %(show_value)s)."
        },
    )
    event_type = forms.ModelChoiceField(
        queryset=EventType.objects.filter(is_active=True),
        required=False,
        label="Type of event",
        empty_label="Choose a type",
    )
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        label="Organising unit",
        empty_label=None,
        help_text="The department, service or society holding the event.",
    )
    organiser_kind = forms.ChoiceField(
        choices=OrganiserKind.choices,
        widget=forms.RadioSelect,
        label="You are organising as",
        initial=OrganiserKind.STAFF,
    )
    external_hirer = forms.CharField(
        max_length=200,
        required=False,
        label="External hirer",
        help_text="Only for an external hirer: the organisation you sponsor.",
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def facts(self) -> RequestFacts:
        data = self.cleaned_data
        return RequestFacts(
            title=data["title"],
            description=data["description"],
            event_type=data["event_type"],
            unit=data["unit"],
            organiser_kind=data["organiser_kind"],
            external_hirer=data["external_hirer"],
            cleared=set() if data["event_type"] else {"event_type"},
        )


class WhenWhereForm(EditForm):
    """Step 2: when and where."""

    starts_at = _datetime_field("Starts", "Enter when the event starts.")
    ends_at = _datetime_field("Ends", "Enter when the event ends.")
    format = forms.ChoiceField(choices=Format.choices, widget=forms.RadioSelect)
    venue_kind = forms.ChoiceField(
        choices=VenueKind.choices, widget=forms.RadioSelect, label="Venue"
    )
    campus = forms.ModelChoiceField(
        queryset=Campus.objects.filter(is_active=True),
        required=False,
        empty_label="Choose a campus",
        help_text="For an event on campus.",
    )
    venue = forms.CharField(
        max_length=200,
        required=False,
        label="Venue name or address",
        help_text="The room and building, or the address off campus. Leave blank if online.",
    )
    affiliated = forms.BooleanField(required=False, label="Affiliated to the institution")
    funded = forms.BooleanField(required=False, label="Funded by the institution")
    branded = forms.BooleanField(
        required=False,
        label="Branded as the institution's",
        help_text="Off campus, tick each that applies: such events are covered by this policy.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The event must end after it starts.")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", "The start must be in the future.")
        return data

    def facts(self) -> RequestFacts:
        data = self.cleaned_data
        return RequestFacts(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            format=data["format"],
            venue_kind=data["venue_kind"],
            campus=data["campus"],
            venue=data["venue"],
            affiliated=data["affiliated"],
            funded=data["funded"],
            branded=data["branded"],
            cleared=set() if data["campus"] else {"campus"},
        )


class AudienceForm(EditForm):
    """Step 3: who comes, and how it is shared."""

    expected_audience = forms.IntegerField(
        min_value=1,
        max_value=1_000_000,
        label="Expected audience size",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "required": "Enter the expected audience size.",
            "invalid": "Enter the audience size as a number, like 120.",
            "min_value": "The audience size must be at least 1.",
            "max_value": "The audience size must be 1,000,000 or fewer.",
        },
    )
    attendance = forms.ChoiceField(
        choices=Attendance.choices, widget=forms.RadioSelect, label="Who may attend"
    )
    ticketed = forms.BooleanField(required=False, label="Entry is by ticket")
    recording = forms.ChoiceField(
        choices=Recording.choices, widget=forms.RadioSelect, label="Recording or streaming"
    )

    def facts(self) -> RequestFacts:
        return RequestFacts(
            **{name: self.cleaned_data[name] for name in self.fields if name != "version"}
        )


class SpeakerForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    affiliation = forms.CharField(max_length=200, required=False)
    role = forms.ChoiceField(choices=SpeakerRole.choices)
    # The speaker register entry this row is linked to (podium.speakers).
    speaker = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Offered when the name resembles speakers already in the register.
    match = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        label="Is this one of these speakers already in the register?",
    )


class BaseSpeakerFormSet(forms.BaseFormSet[SpeakerForm]):
    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("affiliation") and not data.get("name"):
                form.add_error("name", "Enter the speaker's name, or clear the row.")


SpeakerFormSet = forms.formset_factory(
    SpeakerForm, formset=BaseSpeakerFormSet, extra=2, max_num=30, validate_max=True
)


NEW_SPEAKER = "new"
MATCH_UNANSWERED = "Choose whether this is a speaker already in the register, or someone new."


def _renamed(form: Any, name: str) -> bool:
    """The row now names someone else than when the page was shown: its link to the
    register no longer holds."""
    return match_key(name) != match_key(form.initial.get("name") or "")


def _chosen_speaker(form: Any) -> int | None:
    data = form.cleaned_data
    match = data.get("match") or ""
    if match.isdigit():
        return int(match)
    if match == NEW_SPEAKER or _renamed(form, data["name"]):
        return None
    speaker: int | None = data.get("speaker")
    return speaker


def speaker_facts(formset: Any) -> list[SpeakerFacts]:
    return [
        SpeakerFacts(
            name=f.cleaned_data["name"],
            affiliation=f.cleaned_data["affiliation"],
            role=f.cleaned_data["role"],
            speaker_id=_chosen_speaker(f),
        )
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


def offer_register_matches(formset: Any, user: Any) -> None:
    """Before validation: for each typed name not yet linked to the speaker register,
    offer the likely existing speakers ("did you mean") as choices of `match`: those
    `user` may find in the register (`podium.speakers.access.findable_filter`)."""
    visible = register_access.findable_filter(user)
    for form in formset.forms:
        name = (form.data.get(form.add_prefix("name")) or "").strip()
        linked = (form.data.get(form.add_prefix("speaker")) or "").strip()
        if not name or (linked and not _renamed(form, name)):
            continue
        matches = did_you_mean(names=[name], visible=visible)
        if matches:
            # Once offered, the question must be answered: required, so the label
            # does not say "(optional)" and the form says what is missing.
            form.fields["match"].required = True
            form.fields["match"].error_messages["required"] = MATCH_UNANSWERED
            form.fields["match"].choices = [
                (
                    str(m.speaker.pk),
                    f"{m.speaker.name}"
                    + (
                        f" ({', '.join(m.speaker.affiliation_list)})"
                        if m.speaker.affiliation_list
                        else ""
                    )
                    + f", record {m.speaker.pk}"
                    + (f". {m.facts}" if m.facts else ""),
                )
                for m in matches
            ] + [(NEW_SPEAKER, f"No, {name} is a different person: add them to the register")]


YES_NO = [("yes", "Yes"), ("no", "No")]


class ScreeningForm(EditForm):
    """Step 5: one yes/no question per active screening question, with details."""

    def __init__(self, *args: Any, questions: list[ScreeningQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=question.text,
                help_text=question.help_text,
                error_messages={"required": "Answer yes or no."},
            )
            self.fields[f"q{question.pk}_details"] = forms.CharField(
                required=False,
                max_length=2000,
                label="Details",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def facts(self) -> RequestFacts:
        return RequestFacts(
            answers={
                q.pk: (
                    self.cleaned_data[f"q{q.pk}"] == "yes",
                    self.cleaned_data[f"q{q.pk}_details"].strip(),
                )
                for q in self.questions
            }
        )


class SubmitForm(EditForm):
    late_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Why is this request late?",
    )

    def __init__(self, *args: Any, notice: Notice | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A reason is needed exactly when the request is short of notice (the rule
        # the submit service enforces); the label then says so, not "(optional)".
        if notice is not None and notice.is_late:
            field = self.fields["late_reason"]
            field.required = True
            field.error_messages["required"] = notice.reason_needed


# --- Short actions ---------------------------------------------------------------


class ReasonForm(EditForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Give the reason."},
    )


class OptionalReasonForm(EditForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class QuestionForm(EditForm):
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="Your question for the organiser",
        help_text="The review clock stops until the organiser answers.",
        error_messages={"required": "Enter your question for the organiser."},
    )


class AnswerForm(EditForm):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label="Your answer",
        error_messages={"required": "Enter your answer."},
    )


class NoteForm(PodiumForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="Add a note",
        help_text="Notes are seen by reviewers only, and cannot be edited or deleted.",
        error_messages={"required": "Enter the note."},
    )


class AppealForm(EditForm):
    grounds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        label="Grounds of appeal",
        help_text="What was wrong with the decision or condition, and what you ask for instead.",
        error_messages={"required": "Give the grounds for your appeal."},
    )


class ConfirmConditionForm(PodiumForm):
    note = forms.CharField(max_length=500, required=False, label="How it is in place")


class ReviewConditionForm(PodiumForm):
    review = forms.ChoiceField(
        choices=ConditionMet.choices,
        widget=forms.RadioSelect,
        label="Was the condition met?",
        error_messages={"required": "Say whether the condition was met."},
    )
    note = forms.CharField(max_length=500, required=False, label="Note")


class PostEventReportForm(PodiumForm):
    went_ahead = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Did the event go ahead?",
        error_messages={"required": "Say whether the event went ahead."},
    )
    attendance = forms.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        label="How many attended",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={"invalid": "Enter the attendance as a number."},
    )
    conditions_met = forms.ChoiceField(
        choices=[("", "Not applicable"), *ConditionMet.choices],
        required=False,
        label="Were the conditions met?",
    )
    incidents = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        label="Incidents",
        help_text="Anything that went wrong: disorder, threats, unlawful speech. "
        "Leave blank if none.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )


class IncidentForm(PodiumForm):
    occurred_at = _datetime_field("When it happened", "Enter when it happened.")
    severity = forms.ChoiceField(choices=Incident.Severity.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        label="What happened",
        error_messages={"required": "Describe what happened."},
    )


class DeputyForm(PodiumForm):
    deputy = forms.EmailField(
        label="Your deputy's e-mail address",
        error_messages={"required": "Enter your deputy's e-mail address."},
    )
    starts_on = forms.DateField(
        label="First day away",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter your first day away.", "invalid": "Enter a date."},
    )
    ends_on = forms.DateField(
        label="Last day away",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter your last day away.", "invalid": "Enter a date."},
    )


# --- Decisions ---------------------------------------------------------------------


class ConditionForm(forms.Form):
    mitigation = forms.ModelChoiceField(
        queryset=Mitigation.objects.filter(is_active=True),
        required=False,
        empty_label="From the catalogue (optional)",
        label="Mitigation",
    )
    text = forms.CharField(
        max_length=500,
        required=False,
        label="Condition",
        help_text="Blank: the mitigation's name.",
    )
    owner = forms.CharField(max_length=100, required=False, label="Responsible")
    prevent_related = forms.BooleanField(required=False, label="Prevent-related")

    def condition(self) -> ConditionFacts | None:
        data = getattr(self, "cleaned_data", {})
        mitigation: Mitigation | None = data.get("mitigation")
        text = data.get("text") or (mitigation.name if mitigation else "")
        if not text:
            return None
        return ConditionFacts(
            text=text,
            owner=data.get("owner") or (mitigation.default_owner if mitigation else ""),
            prevent_related=bool(data.get("prevent_related"))
            or bool(mitigation and mitigation.prevent_related),
            mitigation=mitigation,
        )


ConditionFormSet = forms.formset_factory(ConditionForm, extra=4, max_num=20, validate_max=True)


class DecisionForm(EditForm):
    # What is required, and when, is the decide service's rule (it reports every
    # problem at once); the form only parses. `needed_for` labels say when a field
    # is needed instead of "(optional)".
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, required=False)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
        label="Reasons for the decision",
        help_text="The organiser receives these words.",
    )
    speech_lawful = forms.ChoiceField(
        choices=[("", "—"), *SpeechLawful.choices],
        required=False,
        label="Is the expected speech lawful?",
    )
    practicable_steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        label="What reasonably practicable steps would secure the speech?",
    )
    proportionality = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        label="Why is the restriction proportionate?",
    )
    viewpoint_neutral = forms.BooleanField(
        required=False,
        label="The reasons are viewpoint-neutral",
        help_text="They do not rest on the views to be expressed. Offence, and risk to the "
        "institution's reputation, are not grounds to restrict or reject.",
    )
    rejection_category = forms.ChoiceField(
        choices=[("", "—"), *RejectionCategory.choices],
        required=False,
        label="Reason category",
        help_text="Offence, and risk to the institution's reputation, are not grounds.",
    )
    rejection_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=f"Reason for rejection (up to {REJECTION_WORD_LIMIT} words)",
    )
    organiser_bears_security_costs = forms.BooleanField(
        required=False,
        label="The organiser bears the security costs",
        help_text="Only in exceptional circumstances, with the reason below.",
    )
    security_costs_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
        label="Why the organiser bears security costs",
    )
    reasons_reread = forms.BooleanField(
        required=False,
        label="I have re-read the reasons: they do not rest on offence or reputation",
    )

    NEEDED_FOR = {
        "outcome": "",
        "rationale": "",
        "speech_lawful": "conditions or a rejection",
        "practicable_steps": "conditions or a rejection",
        "proportionality": "conditions or a rejection",
        "viewpoint_neutral": "conditions or a rejection",
        "rejection_category": "a rejection",
        "rejection_reason": "a rejection",
        "security_costs_reason": "when the organiser bears the costs",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, when in self.NEEDED_FOR.items():
            self.fields[name].needed_for = when  # type: ignore[attr-defined]

    def facts(self, conditions: list[ConditionFacts]) -> DecisionFacts:
        data = self.cleaned_data
        return DecisionFacts(
            outcome=data["outcome"],
            rationale=data["rationale"],
            conditions=conditions,
            speech_lawful=data["speech_lawful"],
            practicable_steps=data["practicable_steps"],
            proportionality=data["proportionality"],
            viewpoint_neutral=data["viewpoint_neutral"],
            rejection_category=data["rejection_category"],
            rejection_reason=data["rejection_reason"],
            organiser_bears_security_costs=data["organiser_bears_security_costs"],
            security_costs_reason=data["security_costs_reason"],
            reasons_reread=data["reasons_reread"],
        )


class AppealDecisionForm(DecisionForm):
    upheld = forms.ChoiceField(
        choices=[("upheld", "Uphold the appeal"), ("dismissed", "Dismiss the appeal")],
        widget=forms.RadioSelect,
        label="The appeal",
        error_messages={"required": "Choose whether to uphold or dismiss the appeal."},
    )
    field_order = ["upheld", "outcome", "rationale"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = False
        self.fields["outcome"].choices = [  # type: ignore[attr-defined]
            c for c in Outcome.choices if c[0] != Outcome.REJECTED
        ]
        self.fields["outcome"].help_text = "If you uphold the appeal: the new outcome."
        self.fields["rationale"].label = "Reasons for the appeal decision"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("upheld") == "upheld" and not data.get("outcome"):
            self.add_error("outcome", "Choose the new outcome.")
        return data


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email=normalise_email(email), is_active=True).first()
