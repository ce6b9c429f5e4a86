"""Writes for the Prevent risk assessment: versions, risks, sign-off; its action
plan; and the administrator's topics and RAG bands."""

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
from podium.governance import selectors
from podium.governance.models import (
    OPEN_ACTION,
    ActionItem,
    AssessmentVersion,
    Rag,
    RagBand,
    Risk,
    RiskEntry,
    RiskTopic,
    SignedVersionError,
    VersionStatus,
)
from podium.governance.services.base import (
    ACTION_FIELDS,
    ACTION_TEXT_FIELDS,
    DUE_SOON_DAYS,
    RISK_FIELDS,
    RISK_TEXT_FIELDS,
    require,
    values_of,
)
from podium.notify import services as notify

if TYPE_CHECKING:
    from podium.accounts.models import User


# --- Versions ---------------------------------------------------------------------


@transaction.atomic
def start_version(*, acting_user: User) -> AssessmentVersion:
    """A new draft, copied from the last signed version (or empty for the first)."""
    require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
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
    require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
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
                "changes": changes({}, values_of(entry, RISK_FIELDS), text_fields=RISK_TEXT_FIELDS),
            },
        )
        return entry
    before = values_of(entry, RISK_FIELDS)
    for name, value in new.items():
        setattr(entry, name, value)
    after = values_of(entry, RISK_FIELDS)
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
    require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
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
    require(acting_user, Capability.MANAGE_RISK_ASSESSMENT)
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
    require(acting_user, Capability.SIGN_OFF_RISK_ASSESSMENT)
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
                "changes": changes(
                    {}, values_of(item, ACTION_FIELDS), text_fields=ACTION_TEXT_FIELDS
                )
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
    before = values_of(item, ACTION_FIELDS)
    for name, value in new.items():
        setattr(item, name, value)
    after = values_of(item, ACTION_FIELDS)
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
    require(acting_user, Capability.CONFIGURE_GOVERNANCE)
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
    require(acting_user, Capability.CONFIGURE_GOVERNANCE)
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
