"""Changes to the risk assessment and its action plan: one audit entry per change
(`podium.audit.record`), refusals as `DomainError` naming the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability, Role
from podium.audit.services import changes, record
from podium.core.errors import DomainError, NotAllowed
from podium.events import selectors as events_selectors
from podium.governance import selectors
from podium.governance.models import (
    OPEN_ACTION,
    ActionItem,
    AssessmentVersion,
    CodeSection,
    CodeSectionKind,
    CodeVersion,
    ComplainantKind,
    Complaint,
    ComplaintOutcome,
    ComplaintStage,
    Rag,
    RagBand,
    Risk,
    RiskEntry,
    RiskTopic,
    Scheme,
    SignedVersionError,
    StudentNotice,
    VersionStatus,
)
from podium.notify import services as notify
from podium.speakers import selectors as speakers_selectors

if TYPE_CHECKING:
    from podium.accounts.models import User

# The fields of a risk entry a version records, in the order the diff shows them.
RISK_FIELDS = [
    "topic",
    "description",
    "likelihood",
    "severity",
    "controls",
    "residual_likelihood",
    "residual_severity",
    "owner",
    "further_action",
]
RISK_TEXT_FIELDS = ("description", "controls", "further_action")
ACTION_FIELDS = ["risk", "category", "action", "owner", "deadline", "progress", "status"]
ACTION_TEXT_FIELDS = ("action", "progress")
# Owners hear about an action this many days before its deadline.
DUE_SOON_DAYS = 14


def _require(user: User, capability: Capability) -> None:
    if not permissions.can_institution_wide(user, capability):
        raise NotAllowed("You may not do this.")


def _values(instance: Any, fields: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        values[name] = getattr(value, "pk", value)
        if isinstance(value, date):
            values[name] = value.isoformat()
    return values


# --- Versions ---------------------------------------------------------------------


@transaction.atomic
def start_version(*, acting_user: User) -> AssessmentVersion:
    """A new draft, copied from the last signed version (or empty for the first)."""
    _require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
    if AssessmentVersion.objects.select_for_update().exclude(status=VersionStatus.SIGNED).exists():
        raise DomainError("A version is already being prepared: change that one.")
    last = selectors.last_signed()
    number = (AssessmentVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = AssessmentVersion.objects.create(number=number, prepared_by=acting_user)
    if last is not None:
        RiskEntry.objects.bulk_create(
            RiskEntry(version=version, **{f: getattr(e, f) for f in ["risk", *RISK_FIELDS]})
            for e in last.entries.all()
        )
    record(
        action="governance.version.started",
        actor=acting_user,
        target=version,
        data={"number": version.number, "copied_from": last.number if last else None},
    )
    return version


def _editable(version: AssessmentVersion) -> None:
    version.refresh_from_db()
    if version.is_signed:
        raise SignedVersionError
    if not version.is_editable:
        raise DomainError("This version is waiting for sign-off: return it to draft to change it.")


@transaction.atomic
def save_risk(
    *,
    acting_user: User,
    version: AssessmentVersion,
    entry: RiskEntry | None = None,
    topic: RiskTopic,
    description: str,
    likelihood: int,
    severity: int,
    controls: str,
    residual_likelihood: int,
    residual_severity: int,
    owner: User,
    further_action: str,
) -> RiskEntry:
    """Add a risk to the draft (`entry` None) or change one of its entries."""
    _require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
    AssessmentVersion.objects.select_for_update().filter(pk=version.pk).first()
    _editable(version)
    if entry is not None and entry.version_id != version.pk:
        raise DomainError("This risk belongs to another version.")
    problems = []
    for name, value in (
        ("likelihood", likelihood),
        ("severity", severity),
        ("residual_likelihood", residual_likelihood),
        ("residual_severity", residual_severity),
    ):
        if not 1 <= int(value) <= 5:
            problems.append((name, "Enter a number from 1 to 5."))
    if residual_likelihood * residual_severity > likelihood * severity:
        problems.append(
            (
                "residual_severity",
                "The residual score cannot be higher than the gross score: controls only "
                "lower a risk.",
            )
        )
    if not description.strip():
        problems.append(("description", "Describe the risk."))
    if problems:
        raise DomainError.of(problems)
    new: dict[str, Any] = {
        "topic": topic,
        "description": description.strip(),
        "likelihood": likelihood,
        "severity": severity,
        "controls": controls.strip(),
        "residual_likelihood": residual_likelihood,
        "residual_severity": residual_severity,
        "owner": owner,
        "further_action": further_action.strip(),
    }
    if entry is None:
        reference = (Risk.objects.aggregate(n=Max("reference"))["n"] or 0) + 1
        risk = Risk.objects.create(reference=reference)
        entry = RiskEntry.objects.create(version=version, risk=risk, **new)
        record(
            action="governance.risk.added",
            actor=acting_user,
            target=entry.risk,
            data={
                "version": version.number,
                "changes": changes({}, _values(entry, RISK_FIELDS), text_fields=RISK_TEXT_FIELDS),
            },
        )
        return entry
    before = _values(entry, RISK_FIELDS)
    for name, value in new.items():
        setattr(entry, name, value)
    after = _values(entry, RISK_FIELDS)
    if before == after:
        return entry
    entry.save()
    record(
        action="governance.risk.changed",
        actor=acting_user,
        target=entry.risk,
        data={
            "version": version.number,
            "changes": changes(before, after, text_fields=RISK_TEXT_FIELDS),
        },
    )
    return entry


@transaction.atomic
def remove_risk(*, acting_user: User, entry: RiskEntry) -> None:
    """Take a risk out of the draft (earlier versions keep it)."""
    _require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
    _editable(entry.version)
    risk = entry.risk
    entry.delete()
    record(
        action="governance.risk.removed",
        actor=acting_user,
        target=risk,
        data={"version": entry.version.number},
    )


@transaction.atomic
def submit_version(*, acting_user: User, version: AssessmentVersion) -> AssessmentVersion:
    """Send the draft to the governing body for sign-off; governors are told."""
    _require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
    _editable(version)
    if not version.entries.exists():
        raise DomainError("Add at least one risk before sending the version for sign-off.")
    version.status = VersionStatus.AWAITING
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at"])
    record(
        action="governance.version.submitted",
        actor=acting_user,
        target=version,
        data={"number": version.number},
    )
    notify.notify(
        selectors.people_with(Role.GOVERNOR),
        "governance/email/awaiting_sign_off.txt",
        {"version": version},
        subject=f"Prevent risk assessment version {version.number} awaits your sign-off",
        link=reverse("governance:version-detail", args=[version.pk]),
        link_label="Review and sign off",
    )
    return version


@transaction.atomic
def return_version(*, acting_user: User, version: AssessmentVersion) -> AssessmentVersion:
    """Back to draft from awaiting sign-off: by the Prevent lead (to change it) or a
    governor (who will not sign it as it is)."""
    if not (
        permissions.can_institution_wide(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
        or permissions.can_institution_wide(acting_user, Capability.SIGN_OFF_RISK_ASSESSMENT)
    ):
        raise NotAllowed("You may not do this.")
    version = AssessmentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.AWAITING:
        raise DomainError("Only a version waiting for sign-off can be returned to draft.")
    version.status = VersionStatus.DRAFT
    version.submitted_at = None
    version.save(update_fields=["status", "submitted_at"])
    record(
        action="governance.version.returned",
        actor=acting_user,
        target=version,
        data={"number": version.number},
    )
    return version


@transaction.atomic
def sign_off(
    *,
    acting_user: User,
    version: AssessmentVersion,
    signer_name: str,
    signed_on: date,
    minute_reference: str,
) -> AssessmentVersion:
    """The governing body's sign-off: the version never changes afterwards."""
    _require(acting_user, Capability.SIGN_OFF_RISK_ASSESSMENT)
    version = AssessmentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_signed:
        raise SignedVersionError
    if version.status != VersionStatus.AWAITING:
        raise DomainError("The Prevent lead has not sent this version for sign-off yet.")
    problems = []
    if not signer_name.strip():
        problems.append(("signer_name", "Enter the name of the governing body member signing."))
    if not minute_reference.strip():
        problems.append(("minute_reference", "Enter the reference of the minute recording it."))
    if signed_on > timezone.localdate():
        problems.append(("signed_on", "The date of sign-off cannot be in the future."))
    elif version.submitted_at and signed_on < timezone.localdate(version.submitted_at):
        problems.append(
            ("signed_on", "The date of sign-off cannot be before the version was sent for it.")
        )
    if problems:
        raise DomainError.of(problems)
    version.status = VersionStatus.SIGNED
    version.signed_by = acting_user
    version.signer_name = signer_name.strip()
    version.signed_on = signed_on
    version.minute_reference = minute_reference.strip()
    version.signed_at = timezone.now()
    version.save()
    record(
        action="governance.version.signed",
        actor=acting_user,
        target=version,
        data={"number": version.number, "signed_on": signed_on.isoformat()},
    )
    notify.notify(
        selectors.people_with(Role.PREVENT_LEAD),
        "governance/email/signed.txt",
        {"version": version},
        subject=f"Prevent risk assessment version {version.number} is signed off",
        link=reverse("governance:version-detail", args=[version.pk]),
        link_label="Read the signed version",
    )
    return version


# --- The action plan --------------------------------------------------------------


@transaction.atomic
def save_action(
    *,
    acting_user: User,
    item: ActionItem | None = None,
    risk: Risk,
    category: str,
    action: str,
    owner: User,
    deadline: date,
    progress: str,
    status: str,
) -> ActionItem:
    """Add an action (the Prevent lead) or change one (the lead, or its owner)."""
    manages = permissions.can_institution_wide(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
    if not manages and (item is None or item.owner_id != acting_user.pk):
        raise NotAllowed("You may not do this.")
    if not action.strip():
        raise DomainError("Say what is to be done.", field="action")
    new = {
        "risk": risk,
        "category": category,
        "action": action.strip(),
        "owner": owner,
        "deadline": deadline,
        "progress": progress.strip(),
        "status": status,
    }
    if item is None:
        if deadline < timezone.localdate():
            raise DomainError(
                "The deadline of a new action cannot be in the past.", field="deadline"
            )
        item = ActionItem.objects.create(**new)
        record(
            action="governance.action.added",
            actor=acting_user,
            target=item,
            data={
                "changes": changes({}, _values(item, ACTION_FIELDS), text_fields=ACTION_TEXT_FIELDS)
            },
        )
        return item
    if not manages:
        # An owner reports progress; what is to be done, by whom and when is the lead's.
        new.update(
            risk=item.risk,
            category=item.category,
            action=item.action,
            owner=item.owner,
            deadline=item.deadline,
        )
    before = _values(item, ACTION_FIELDS)
    for name, value in new.items():
        setattr(item, name, value)
    after = _values(item, ACTION_FIELDS)
    if before == after:
        return item
    item.updated_at = timezone.now()
    item.save()
    record(
        action="governance.action.changed",
        actor=acting_user,
        target=item,
        data={"changes": changes(before, after, text_fields=ACTION_TEXT_FIELDS)},
    )
    return item


def send_action_reminders(*, today: date | None = None) -> dict[str, int]:
    """Tell each owner about their open actions due within `DUE_SOON_DAYS`, and again
    once past the deadline: once per action, kind and deadline."""
    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0}
    with transaction.atomic():
        due = list(
            ActionItem.objects.select_for_update()
            .filter(OPEN_ACTION, deadline__lte=today + timedelta(days=DUE_SOON_DAYS))
            .select_related("owner", "risk")
        )
        for item in due:
            overdue = item.deadline < today
            field = "overdue_reminded_for" if overdue else "due_soon_reminded_for"
            if getattr(item, field) == item.deadline:
                continue
            setattr(item, field, item.deadline)
            item.save(update_fields=[field])
            notify.notify(
                [item.owner],
                "governance/email/action_reminder.txt",
                {"item": item, "overdue": overdue, "today": today},
                subject=(
                    f"Overdue Prevent action on {item.risk}"
                    if overdue
                    else f"Prevent action on {item.risk} due {item.deadline:%-d %B %Y}"
                ),
                link=reverse("governance:action-edit", args=[item.pk]),
                link_label="Update the action",
            )
            sent["overdue" if overdue else "due_soon"] += 1
        if sent["due_soon"] or sent["overdue"]:
            record(action="governance.reminders.sent", actor=None, data=sent)
    return sent


# --- Administrator data -----------------------------------------------------------


@transaction.atomic
def save_topic(
    *, acting_user: User, topic: RiskTopic | None = None, name: str, is_active: bool
) -> RiskTopic:
    _require(acting_user, Capability.CONFIGURE_GOVERNANCE)
    name = name.strip()
    if not name:
        raise DomainError("Enter the topic's name.", field="name")
    same = RiskTopic.objects.filter(name__iexact=name)
    if topic is not None:
        same = same.exclude(pk=topic.pk)
    if same.exists():
        raise DomainError("There is already a topic with this name.", field="name")
    if topic is None:
        topic = RiskTopic.objects.create(name=name, is_active=is_active)
        record(
            action="governance.topic.created",
            actor=acting_user,
            target=topic,
            data={"changes": changes({}, {"name": name, "is_active": is_active})},
        )
        return topic
    before = {"name": topic.name, "is_active": topic.is_active}
    topic.name, topic.is_active = name, is_active
    topic.save()
    record(
        action="governance.topic.changed",
        actor=acting_user,
        target=topic,
        data={"changes": changes(before, {"name": name, "is_active": is_active})},
    )
    return topic


@transaction.atomic
def save_bands(*, acting_user: User, amber_from: int, red_from: int) -> None:
    """Green from 1; amber and red from the scores given."""
    _require(acting_user, Capability.CONFIGURE_GOVERNANCE)
    if not 2 <= amber_from < red_from <= 25:
        raise DomainError(
            "Amber must start above 1 and below red; red at 25 or lower.", field="red_from"
        )
    before = {band.rating: band.min_score for band in RagBand.objects.all()}
    wanted = {Rag.GREEN.value: 1, Rag.AMBER.value: amber_from, Rag.RED.value: red_from}
    for rating, score in wanted.items():
        RagBand.objects.update_or_create(rating=rating, defaults={"min_score": score})
    if before != wanted:
        record(
            action="governance.bands.changed",
            actor=acting_user,
            data={"changes": changes(before, wanted)},
        )


# --- Free-speech complaints ---------------------------------------------------------

COMPLAINT_TEXT_FIELDS = ("about", "adverse_consequence", "provider_response", "remedies")


def _linked(
    event_reference: str, speaker_number: int | None
) -> tuple[Any, Any, list[tuple[str | None, str]]]:
    problems: list[tuple[str | None, str]] = []
    event = speaker = None
    if event_reference.strip():
        event = events_selectors.submitted_request_by_reference(event_reference)
        if event is None:
            problems.append(("event_reference", "No submitted event request has this reference."))
    if speaker_number:
        speaker = speakers_selectors.speaker_by_id(pk=speaker_number)
        if speaker is None:
            problems.append(("speaker_number", "No speaker in the register has this number."))
    return event, speaker, problems


@transaction.atomic
def record_complaint(
    *,
    acting_user: User,
    complainant_kind: str,
    complainant_name: str,
    complainant_email: str,
    event_reference: str = "",
    speaker_number: int | None = None,
    matter_on: date,
    received_on: date,
    about: str,
    adverse_consequence: str,
) -> Complaint:
    """A free-speech complaint received: with us, its 30-day clock running. The
    person recording it owns it."""
    _require(acting_user, Capability.MANAGE_COMPLAINTS)
    event, speaker, problems = _linked(event_reference, speaker_number)
    today = timezone.localdate()
    if received_on > today:
        problems.append(("received_on", "The date received cannot be in the future."))
    if matter_on > received_on:
        problems.append(
            ("matter_on", "The matter complained of must have happened before it was received.")
        )
    if not complainant_name.strip():
        problems.append(
            ("complainant_name", "Enter the complainant's name: no anonymous complaints.")
        )
    if not adverse_consequence.strip():
        problems.append(
            ("adverse_consequence", "Say what adverse consequence the complainant claims.")
        )
    if complainant_kind not in ComplainantKind.values:
        problems.append(("complainant_kind", "Choose who is complaining."))
    if problems:
        raise DomainError.of(problems)
    complaint = Complaint.objects.create(
        complainant_kind=complainant_kind,
        complainant_name=complainant_name.strip(),
        complainant_email=complainant_email.strip(),
        event_request=event,
        speaker=speaker,
        matter_on=matter_on,
        received_on=received_on,
        about=about.strip(),
        adverse_consequence=adverse_consequence.strip(),
        owner=acting_user,
    )
    record(
        action="governance.complaint.received",
        actor=acting_user,
        target=complaint,
        data={
            "complainant_kind": complainant_kind,
            "received_on": received_on.isoformat(),
            "event_request": event.pk if event else None,
            "speaker": speaker.pk if speaker else None,
        },
    )
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def record_response(
    *, acting_user: User, complaint: Complaint, responded_on: date, response: str
) -> Complaint:
    """Our response to the complainant: the provider's 30-day clock stops."""
    _require(acting_user, Capability.MANAGE_COMPLAINTS)
    complaint = _locked(complaint)
    if complaint.stage != ComplaintStage.WITH_PROVIDER:
        raise DomainError("Only a complaint still with us can have our response recorded.")
    problems = []
    if responded_on > timezone.localdate():
        problems.append(("responded_on", "The date of the response cannot be in the future."))
    if responded_on < complaint.received_on:
        problems.append(
            ("responded_on", "The response cannot be before the complaint was received.")
        )
    if not response.strip():
        problems.append(("response", "Say how the complaint was answered."))
    if problems:
        raise DomainError.of(problems)
    complaint.provider_response_on = responded_on
    complaint.provider_response = response.strip()
    complaint.save(update_fields=["provider_response_on", "provider_response"])
    record(
        action="governance.complaint.answered",
        actor=acting_user,
        target=complaint,
        data={"responded_on": responded_on.isoformat()},
    )
    return complaint


def scheme_for(kind: str) -> str:
    """Students go to the OIA; everyone else to the OfS scheme."""
    return Scheme.OIA if kind == ComplainantKind.STUDENT else Scheme.OFS


@transaction.atomic
def escalate_complaint(
    *, acting_user: User, complaint: Complaint, escalated_on: date, external_reference: str
) -> Complaint:
    """The complainant took it to the scheme (OIA for students, OfS for others)."""
    _require(acting_user, Capability.MANAGE_COMPLAINTS)
    complaint = _locked(complaint)
    if complaint.stage != ComplaintStage.WITH_PROVIDER:
        raise DomainError("Only a complaint still with us can be escalated.")
    problems = []
    if escalated_on > timezone.localdate():
        problems.append(("escalated_on", "The date of escalation cannot be in the future."))
    if escalated_on < complaint.received_on:
        problems.append(("escalated_on", "It cannot be escalated before we received it."))
    if not external_reference.strip():
        problems.append(("external_reference", "Enter the scheme's reference for the complaint."))
    if problems:
        raise DomainError.of(problems)
    complaint.stage = ComplaintStage.ESCALATED
    complaint.scheme = scheme_for(complaint.complainant_kind)
    complaint.escalated_on = escalated_on
    complaint.external_reference = external_reference.strip()
    complaint.save(update_fields=["stage", "scheme", "escalated_on", "external_reference"])
    record(
        action="governance.complaint.escalated",
        actor=acting_user,
        target=complaint,
        data={"scheme": complaint.scheme, "escalated_on": escalated_on.isoformat()},
    )
    return complaint


@transaction.atomic
def close_complaint(
    *, acting_user: User, complaint: Complaint, outcome: str, remedies: str, closed_on: date
) -> Complaint:
    """The outcome (ours, or the scheme's once escalated) and any remedies."""
    _require(acting_user, Capability.MANAGE_COMPLAINTS)
    complaint = _locked(complaint)
    if complaint.stage == ComplaintStage.CLOSED:
        raise DomainError("This complaint is already closed.")
    problems = []
    if outcome not in ComplaintOutcome.values:
        problems.append(("outcome", "Choose the outcome."))
    if closed_on > timezone.localdate():
        problems.append(("closed_on", "The date closed cannot be in the future."))
    if closed_on < complaint.received_on:
        problems.append(("closed_on", "It cannot close before it was received."))
    if problems:
        raise DomainError.of(problems)
    complaint.stage = ComplaintStage.CLOSED
    complaint.outcome = outcome
    complaint.remedies = remedies.strip()
    complaint.closed_on = closed_on
    complaint.save(update_fields=["stage", "outcome", "remedies", "closed_on"])
    record(
        action="governance.complaint.closed",
        actor=acting_user,
        target=complaint,
        data={"outcome": outcome, "closed_on": closed_on.isoformat(), "scheme": complaint.scheme},
    )
    return complaint


def send_complaint_reminders(*, today: date | None = None) -> int:
    """Tell each owner of a complaint still with us, unanswered, past its 30 days:
    once per complaint."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        overdue = (
            selectors.overdue_complaints(today=today)
            .filter(provider_response_on__isnull=True, overdue_reminded_for__isnull=True)
            .select_for_update(of=("self",))
        )
        for complaint in overdue:
            complaint.overdue_reminded_for = today
            complaint.save(update_fields=["overdue_reminded_for"])
            notify.notify(
                [complaint.owner],
                "governance/email/complaint_overdue.txt",
                {"complaint": complaint, "clocks": selectors.clocks(complaint, today)},
                subject=f"{complaint} is past its 30 days with us",
                link=reverse("governance:complaint-detail", args=[complaint.pk]),
                link_label="Open the complaint",
            )
            sent += 1
        if sent:
            record(
                action="governance.complaint_reminders.sent", actor=None, data={"complaints": sent}
            )
    return sent


# --- The code of practice -----------------------------------------------------------


@transaction.atomic
def start_code_version(*, acting_user: User) -> CodeVersion:
    """A draft of the code, copied from the version in force (empty for the first)."""
    _require(acting_user, Capability.MANAGE_CODE)
    if CodeVersion.objects.select_for_update().filter(published_at__isnull=True).exists():
        raise DomainError("A version of the code is already in draft: change that one.")
    current = selectors.code_in_force()
    number = (CodeVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CodeVersion.objects.create(number=number, created_by=acting_user)
    if current is not None:
        CodeSection.objects.bulk_create(
            CodeSection(version=version, kind=s.kind, text=s.text) for s in current.sections.all()
        )
    record(
        action="governance.code.started",
        actor=acting_user,
        target=version,
        data={"number": number, "copied_from": current.number if current else None},
    )
    return version


def _code_draft(version: CodeVersion) -> CodeVersion:
    version = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise DomainError("This version of the code is published and can no longer change.")
    return version


@transaction.atomic
def save_code_sections(
    *, acting_user: User, version: CodeVersion, texts: dict[str, str]
) -> CodeVersion:
    """The draft's sections (kind → text); an empty text removes the section."""
    _require(acting_user, Capability.MANAGE_CODE)
    version = _code_draft(version)
    before = {s.kind: s.text for s in version.sections.all()}
    after = {kind: text.strip() for kind, text in texts.items() if text.strip()}
    if before == after:
        return version
    version.sections.all().delete()
    CodeSection.objects.bulk_create(
        CodeSection(version=version, kind=kind, text=text) for kind, text in after.items()
    )
    record(
        action="governance.code.changed",
        actor=acting_user,
        target=version,
        data={"changes": changes(before, after, text_fields=CodeSectionKind.values)},
    )
    return version


@transaction.atomic
def publish_code(*, acting_user: User, version: CodeVersion) -> CodeVersion:
    """In force from now: decisions from now on record this version."""
    _require(acting_user, Capability.MANAGE_CODE)
    version = _code_draft(version)
    missing = [
        label
        for kind, label in CodeSectionKind.choices
        if not version.sections.filter(kind=kind).exists()
    ]
    if missing:
        raise DomainError(f"Write every section before publishing: {', '.join(missing)}.")
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    record(
        action="governance.code.published",
        actor=acting_user,
        target=version,
        data={"number": version.number},
    )
    return version


@transaction.atomic
def record_notice(
    *, acting_user: User, sent_on: date, channel: str, audience: str, text: str
) -> StudentNotice:
    _require(acting_user, Capability.MANAGE_CODE)
    problems = []
    if sent_on > timezone.localdate():
        problems.append(("sent_on", "The date sent cannot be in the future."))
    if not audience.strip():
        problems.append(("audience", "Say which students it went to."))
    if not text.strip():
        problems.append(("text", "Enter the notice's text as sent."))
    if problems:
        raise DomainError.of(problems)
    notice = StudentNotice.objects.create(
        sent_on=sent_on,
        channel=channel,
        audience=audience.strip(),
        text=text.strip(),
        recorded_by=acting_user,
    )
    record(
        action="governance.notice.recorded",
        actor=acting_user,
        target=notice,
        data={"sent_on": sent_on.isoformat(), "channel": channel},
    )
    return notice


def send_notice_reminders(*, today: date | None = None) -> int:
    """A year after the last notice to students, remind the free-speech officers,
    once per notice. (With no notice ever recorded, their home page says so.)"""
    today = today or timezone.localdate()
    if not selectors.notice_due(today):
        return 0
    with transaction.atomic():
        last = selectors.last_notice()
        if last is None:
            return 0
        last = StudentNotice.objects.select_for_update().get(pk=last.pk)
        if last.reminded_for is not None:
            return 0
        last.reminded_for = today
        last.save(update_fields=["reminded_for"])
        officers = list(selectors.people_with(Role.FREE_SPEECH_OFFICER))
        notify.notify(
            officers,
            "governance/email/notice_due.txt",
            {"last": last},
            subject="The yearly notice to students about the free-speech code is due",
            link=reverse("governance:notice-list"),
            link_label="Record the notice",
        )
        record(
            action="governance.notice_reminders.sent", actor=None, data={"people": len(officers)}
        )
    return len(officers)
