"""Writes for the research register: register, approve, decline, close, renew,
expire (the daily job) and the rapid-response lookup. One audit entry per state
change; notices through `podium.notify`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts import selectors as accounts_selectors
from podium.accounts.models import OrgUnit
from podium.accounts.roles import Capability
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.notify import services as notify
from podium.research import access, selectors
from podium.research.models import (
    Lookup,
    LookupKind,
    LookupPurpose,
    MaterialKind,
    Registration,
    ResearcherKind,
    State,
    StorageLocation,
)
from podium.speakers.matching import match_key

if TYPE_CHECKING:
    from podium.accounts.models import User

# The researcher hears this many days before the end date.
ENDING_SOON_DAYS = 30
# A registration (or renewal) runs for at most this long.
LONGEST = timedelta(days=5 * 366)
# A lookup's reason must say something: at least this many characters.
SHORTEST_REASON = 10


@dataclass(frozen=True)
class RegistrationFacts:
    title: str
    researcher_kind: str
    researcher_number: str
    supervisor: User | None
    unit: OrgUnit
    ethics_reference: str
    material_kinds: list[MaterialKind]
    storage_location: StorageLocation
    storage_attested: bool
    starts_on: date
    ends_on: date


def _check(facts: RegistrationFacts, researcher: User) -> None:
    problems: list[tuple[str | None, str]] = []
    if not facts.title.strip():
        problems.append(("title", "Enter the project's title."))
    if facts.researcher_kind not in ResearcherKind.values:
        problems.append(("researcher_kind", "Say whether you are a staff member or a student."))
    if not facts.researcher_number.strip():
        problems.append(("researcher_number", "Enter your staff or student number."))
    if facts.researcher_kind == ResearcherKind.STUDENT and facts.supervisor is None:
        problems.append(("supervisor", "A student's registration names their supervisor."))
    if facts.supervisor is not None and facts.supervisor.pk == researcher.pk:
        problems.append(("supervisor", "You cannot be your own supervisor."))
    if facts.supervisor is not None and not facts.supervisor.is_active:
        problems.append(("supervisor", "The supervisor's account is not active."))
    if not facts.ethics_reference.strip():
        problems.append(("ethics_reference", "Enter the ethics reference for the project."))
    if not facts.material_kinds:
        problems.append(("material_kinds", "Choose at least one kind of material."))
    elif any(not kind.is_active for kind in facts.material_kinds):
        problems.append(("material_kinds", "A chosen kind of material is no longer on the list."))
    if not facts.storage_location.is_active:
        problems.append(("storage_location", "That location is no longer an approved location."))
    if not facts.storage_attested:
        problems.append(
            (
                "storage_attested",
                "Confirm that the material will be held only in the approved location.",
            )
        )
    if facts.ends_on < facts.starts_on:
        problems.append(("ends_on", "The end date must be on or after the start date."))
    elif facts.ends_on - facts.starts_on > LONGEST:
        problems.append(("ends_on", "A registration runs for at most five years; renew it later."))
    if facts.ends_on < timezone.localdate():
        problems.append(("ends_on", "The end date has already passed."))
    if problems:
        raise DomainError.of(problems)


def _link(registration: Registration) -> str:
    return reverse("research:detail", kwargs={"pk": registration.pk})


def _tell_approvers(registration: Registration) -> None:
    people: list[User] = list(
        accounts_selectors.holders_of_capability(
            capability=Capability.APPROVE_RESEARCH, unit=registration.unit
        ).exclude(pk=registration.researcher_id)
    )
    if registration.needs_supervisor and registration.supervisor is not None:
        people.append(registration.supervisor)
    notify.notify(
        people,
        "research/email/awaiting_approval.txt",
        {"registration": registration},
        subject=f"Research registration {registration.reference} awaits your approval",
        link=_link(registration),
        link_label="Open the registration",
    )


@transaction.atomic
def register(*, acting_user: User, facts: RegistrationFacts) -> Registration:
    """The researcher registers a project; it waits for approval."""
    _check(facts, acting_user)
    now = timezone.now()
    registration = Registration.objects.create(
        title=facts.title.strip(),
        researcher=acting_user,
        researcher_kind=facts.researcher_kind,
        researcher_number=facts.researcher_number.strip(),
        name_key=match_key(acting_user.full_name),
        supervisor=facts.supervisor if facts.researcher_kind == ResearcherKind.STUDENT else None,
        unit=facts.unit,
        ethics_reference=facts.ethics_reference.strip(),
        storage_location=facts.storage_location,
        storage_attested=True,
        starts_on=facts.starts_on,
        ends_on=facts.ends_on,
        created_at=now,
        updated_at=now,
    )
    registration.material_kinds.set(facts.material_kinds)
    record(
        action="research.registration.submitted",
        actor=acting_user,
        target=registration,
        unit=registration.unit,
        data={
            "researcher_kind": registration.researcher_kind,
            "material_kinds": sorted(kind.pk for kind in facts.material_kinds),
            "storage_location": registration.storage_location_id,
            "starts_on": registration.starts_on.isoformat(),
            "ends_on": registration.ends_on.isoformat(),
        },
    )
    _tell_approvers(registration)
    return registration


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def approve(*, acting_user: User, registration: Registration) -> Registration:
    """The supervisor (for a student) and the department's approver approve; the
    registration is registered once both have. One person holding both parts
    approves both at once."""
    as_supervisor = access.may_approve_as_supervisor(acting_user, registration)
    as_approver = access.may_approve_as_approver(acting_user, registration)
    if not (as_supervisor or as_approver):
        raise DomainError("You are not an approver of this registration.")
    if acting_user.pk == registration.researcher_id:
        raise DomainError("You cannot approve your own registration.")
    current = _locked(registration)
    if current.state != State.SUBMITTED:
        raise DomainError("Only a registration awaiting approval can be approved.")
    now = timezone.now()
    parts = []
    if as_supervisor and current.supervisor_approved_at is None:
        current.supervisor_approved_at = now
        parts.append("supervisor")
    if as_approver and current.approved_at is None:
        current.approved_at = now
        current.approved_by = acting_user
        parts.append("approver")
    if not parts:
        raise DomainError("You have already approved this registration.")
    if not current.awaiting:
        current.state = State.REGISTERED
    current.updated_at = now
    current.save()
    record(
        action="research.registration.approved",
        actor=acting_user,
        target=current,
        unit=current.unit,
        data={"approved_as": parts, "state": current.state},
    )
    if current.state == State.REGISTERED:
        notify.notify(
            [current.researcher],
            "research/email/decided.txt",
            {"registration": current},
            subject=f"Research registration {current.reference} is registered",
            link=_link(current),
            link_label="Open the registration",
        )
    return current


@transaction.atomic
def decline(*, acting_user: User, registration: Registration, reason: str) -> Registration:
    if not (
        access.may_approve_as_supervisor(acting_user, registration)
        or access.may_approve_as_approver(acting_user, registration)
    ):
        raise DomainError("You are not an approver of this registration.")
    if acting_user.pk == registration.researcher_id:
        raise DomainError("You cannot decline your own registration.")
    if not reason.strip():
        raise DomainError("Say why the registration is declined.", field="reason")
    current = _locked(registration)
    if current.state != State.SUBMITTED:
        raise DomainError("Only a registration awaiting approval can be declined.")
    current.state = State.DECLINED
    current.declined_by = acting_user
    current.decline_reason = reason.strip()
    current.updated_at = timezone.now()
    current.save()
    record(
        action="research.registration.declined",
        actor=acting_user,
        target=current,
        unit=current.unit,
        data={"state": current.state},
    )
    notify.notify(
        [current.researcher],
        "research/email/decided.txt",
        {"registration": current},
        subject=f"Research registration {current.reference} was declined",
        link=_link(current),
        link_label="Open the registration",
    )
    return current


def may_close(user: User, registration: Registration) -> bool:
    return registration.state in (State.SUBMITTED, State.REGISTERED) and (
        user.pk == registration.researcher_id or access.may_approve_as_approver(user, registration)
    )


@transaction.atomic
def close(*, acting_user: User, registration: Registration) -> Registration:
    """The project has ended (or will not go ahead): the researcher or an approver
    closes it."""
    if not may_close(acting_user, registration):
        raise DomainError("Only an open registration can be closed, by its researcher or approver.")
    current = _locked(registration)
    if current.state not in (State.SUBMITTED, State.REGISTERED):
        raise DomainError("Only an open registration can be closed.")
    current.state = State.CLOSED
    current.updated_at = timezone.now()
    current.save()
    record(
        action="research.registration.closed",
        actor=acting_user,
        target=current,
        unit=current.unit,
        data={"state": current.state},
    )
    return current


def may_renew(user: User, registration: Registration) -> bool:
    return user.pk == registration.researcher_id and registration.state in (
        State.REGISTERED,
        State.EXPIRED,
    )


@transaction.atomic
def renew(*, acting_user: User, registration: Registration, ends_on: date) -> Registration:
    """The researcher extends the end date; the renewal is approved again like the
    first registration (supervisor for a student, and the approver)."""
    if not may_renew(acting_user, registration):
        raise DomainError("Only the researcher renews a registered or expired registration.")
    current = _locked(registration)
    if ends_on <= current.ends_on:
        raise DomainError("The new end date must be after the current one.", field="ends_on")
    if ends_on - max(current.starts_on, timezone.localdate()) > LONGEST:
        raise DomainError("A renewal runs for at most five years.", field="ends_on")
    current.ends_on = ends_on
    current.state = State.SUBMITTED
    current.approved_at = None
    current.approved_by = None
    current.supervisor_approved_at = None
    current.renewals += 1
    current.updated_at = timezone.now()
    current.save()
    record(
        action="research.registration.renewed",
        actor=acting_user,
        target=current,
        unit=current.unit,
        data={"ends_on": ends_on.isoformat(), "state": current.state},
    )
    _tell_approvers(current)
    return current


@transaction.atomic
def expire_and_remind(*, today: date | None = None) -> dict[str, int]:
    """The daily job: registrations past their end date expire; those ending within
    `ENDING_SOON_DAYS` remind their researcher once per end date."""
    today = today or timezone.localdate()
    expired = 0
    for registration in (
        Registration.objects.select_for_update()
        .filter(state=State.REGISTERED, ends_on__lt=today)
        .select_related("unit")
    ):
        registration.state = State.EXPIRED
        registration.updated_at = timezone.now()
        registration.save(update_fields=["state", "updated_at"])
        record(
            action="research.registration.expired",
            actor=None,
            target=registration,
            unit=registration.unit,
            data={"state": registration.state},
        )
        expired += 1
    reminded = 0
    due = Registration.objects.filter(
        state=State.REGISTERED,
        ends_on__gte=today,
        ends_on__lte=today + timedelta(days=ENDING_SOON_DAYS),
    ).select_related("researcher")
    for registration in due:
        if registration.reminded_for == registration.ends_on:
            continue
        notify.notify(
            [registration.researcher],
            "research/email/ending_soon.txt",
            {"registration": registration},
            subject=f"Research registration {registration.reference} ends soon",
            link=_link(registration),
            link_label="Renew or close the registration",
        )
        registration.reminded_for = registration.ends_on
        registration.save(update_fields=["reminded_for"])
        reminded += 1
    if expired or reminded:
        record(
            action="research.reminders.sent",
            actor=None,
            data={"expired": expired, "reminded": reminded},
        )
    return {"expired": expired, "reminded": reminded}


# --- The rapid-response lookup -----------------------------------------------------


@dataclass(frozen=True)
class LookupResult:
    lookup: Lookup
    registrations: list[Registration]


def _kind_of(query: str) -> str:
    """A query with a digit in it is a staff or student number; otherwise a name."""
    return LookupKind.NUMBER if any(c.isdigit() for c in query) else LookupKind.NAME


@transaction.atomic
def lookup(*, acting_user: User, query: str, purpose: str, reason: str) -> LookupResult:
    """Find a person's registrations by name (spelling-tolerant) or number. Refused
    without a purpose and a reason; every lookup is kept and audited."""
    access_ok = access.unit_filter(acting_user, Capability.LOOKUP_RESEARCH)
    problems: list[tuple[str | None, str]] = []
    query = query.strip()
    if not query:
        problems.append(("query", "Enter a name or a staff or student number."))
    if len(query) > 200:
        problems.append(("query", "Enter at most 200 characters."))
    if purpose not in LookupPurpose.values:
        problems.append(("purpose", "Choose why you are looking this person up."))
    if len(reason.strip()) < SHORTEST_REASON:
        problems.append(
            ("reason", "Give the reason for this lookup (who asked, and why), in a sentence.")
        )
    if problems:
        raise DomainError.of(problems)
    kind = _kind_of(query)
    found = selectors.lookup_registrations(query=query, kind=kind, visible=access_ok)
    entry = Lookup.objects.create(
        made_by=acting_user, purpose=purpose, reason=reason.strip(), kind=kind, query=query
    )
    entry.found.set(found)
    record(
        action="research.lookup.made",
        actor=acting_user,
        target=entry,
        data={"purpose": purpose, "kind": kind, "found": len(found)},
    )
    return LookupResult(lookup=entry, registrations=found)


# --- The administrator's lists ----------------------------------------------------


@transaction.atomic
def add_to_list(*, acting_user: User, kind: str, name: str) -> MaterialKind | StorageLocation:
    if kind not in ("material", "location"):
        raise DomainError("Unknown list.")
    name = name.strip()
    if not name:
        raise DomainError("Enter a name.", field="name")
    item: MaterialKind | StorageLocation
    if kind == "material":
        if MaterialKind.objects.filter(name__iexact=name).exists():
            raise DomainError("That name is already on the list.", field="name")
        item = MaterialKind.objects.create(name=name)
    else:
        if StorageLocation.objects.filter(name__iexact=name).exists():
            raise DomainError("That name is already on the list.", field="name")
        item = StorageLocation.objects.create(name=name)
    record(action=f"research.{kind}.added", actor=acting_user, target=item, data={})
    return item


@transaction.atomic
def set_active(
    *, acting_user: User, item: MaterialKind | StorageLocation, active: bool
) -> MaterialKind | StorageLocation:
    if item.is_active == active:
        return item
    item.is_active = active
    item.save(update_fields=["is_active"])
    kind = "material" if isinstance(item, MaterialKind) else "location"
    record(
        action=f"research.{kind}.changed",
        actor=acting_user,
        target=item,
        data={"is_active": active},
    )
    return item
