"""Writes for the sharing registers: partners, purposes, the appropriate policy
document and data sharing agreements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import changes, record
from podium.core.errors import DomainError, NotAllowed
from podium.core.files import ONLY_PDF, check_upload, display_name, generated_name
from podium.sharing import access
from podium.sharing.models import (
    DEFAULT_RETENTION_YEARS,
    AgreementReview,
    Partner,
    PartnerKind,
    PolicyVersion,
    Purpose,
    ReviewOutcome,
    SharingAgreement,
)
from podium.sharing.services.base import PARTNER_FIELDS, PURPOSE_FIELDS, years_after

# --- Registers ---------------------------------------------------------------------------


def _require_registers(user: User) -> None:
    if not access.keeps_registers(user):
        raise NotAllowed("Only the DPO or an administrator keeps the sharing registers.")


@transaction.atomic
def save_partner(*, acting_user: User, partner: Partner | None, **values: Any) -> Partner:
    _require_registers(acting_user)
    name = str(values.get("name", "")).strip()
    if not name:
        raise DomainError("Enter the partner's name.", field="name")
    if values.get("kind") not in PartnerKind.values:
        raise DomainError("Choose what kind of organisation the partner is.", field="kind")
    clash = Partner.objects.filter(name__iexact=name)
    if partner is not None:
        clash = clash.exclude(pk=partner.pk)
    if clash.exists():
        raise DomainError("A partner with this name is already in the register.", field="name")
    values["name"] = name
    before = {f: getattr(partner, f) for f in PARTNER_FIELDS} if partner else {}
    created = partner is None
    partner = partner or Partner()
    for name_, value in values.items():
        if name_ in PARTNER_FIELDS:
            setattr(partner, name_, value)
    partner.save()
    after = {f: getattr(partner, f) for f in PARTNER_FIELDS}
    record(
        action="sharing.partner.created" if created else "sharing.partner.changed",
        actor=acting_user,
        target=partner,
        data={"changes": changes(before, after)},
    )
    return partner


@transaction.atomic
def save_purpose(*, acting_user: User, purpose: Purpose | None, **values: Any) -> Purpose:
    _require_registers(acting_user)
    name = str(values.get("name", "")).strip()
    if not name:
        raise DomainError("Enter the purpose.", field="name")
    clash = Purpose.objects.filter(name__iexact=name)
    if purpose is not None:
        clash = clash.exclude(pk=purpose.pk)
    if clash.exists():
        raise DomainError("This purpose is already in the list.", field="name")
    before = {f: getattr(purpose, f) for f in PURPOSE_FIELDS} if purpose else {}
    created = purpose is None
    purpose = purpose or Purpose()
    purpose.name = name
    purpose.is_active = bool(values.get("is_active", True))
    purpose.save()
    record(
        action="sharing.purpose.created" if created else "sharing.purpose.changed",
        actor=acting_user,
        target=purpose,
        data={"changes": changes(before, {f: getattr(purpose, f) for f in PURPOSE_FIELDS})},
    )
    return purpose


@transaction.atomic
def publish_policy(*, acting_user: User, text: str) -> PolicyVersion:
    """Adds a version of the appropriate policy document; never edits one."""
    _require_registers(acting_user)
    text = text.strip()
    if not text:
        raise DomainError("Enter the policy's text.", field="text")
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PolicyVersion.objects.create(number=number, text=text, published_by=acting_user)
    record(
        action="sharing.policy.published",
        actor=acting_user,
        target=version,
        data={"number": number},
    )
    return version


def policy_in_force() -> PolicyVersion | None:
    return PolicyVersion.objects.order_by("-number").first()


# --- Data sharing agreements ------------------------------------------------------------

AGREEMENT_FIELDS = [
    "title",
    "purpose",
    "data_categories",
    "lawful_bases",
    "starts_on",
    "review_on",
    "ends_on",
    "retention_years",
    "owner",
]
# Reminders go this many days before an agreement's review date.
AGREEMENT_REMINDER_DAYS = 30


def _agreement_values(agreement: SharingAgreement) -> dict[str, Any]:
    values = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS if f != "owner"}
    values["owner"] = agreement.owner_id
    return values


@transaction.atomic
def save_agreement(
    *,
    acting_user: User,
    agreement: SharingAgreement | None,
    partners: Iterable[Partner],
    document: UploadedFile | None = None,
    **values: Any,
) -> SharingAgreement:
    """Add or change an agreement. Without a review date, a year after the start.
    `document`, the signed agreement (PDF), replaces any stored before."""
    _require_registers(acting_user)
    partners = list(partners)
    problems: list[tuple[str | None, str]] = []
    for name, message in [
        ("title", "Enter the agreement's title."),
        ("purpose", "Enter the agreement's purpose."),
        ("data_categories", "Enter the categories of data shared."),
        ("lawful_bases", "Enter the lawful bases relied on."),
    ]:
        if not str(values.get(name) or "").strip():
            problems.append((name, message))
    if not partners:
        problems.append(("partners", "Choose at least one partner."))
    starts_on = values.get("starts_on")
    if starts_on is None:
        problems.append(("starts_on", "Enter the start date."))
    owner = values.get("owner")
    if owner is None or not access.keeps_registers(owner):
        problems.append(("owner", "Choose the owner: the DPO or an administrator."))
    review_on = values.get("review_on") or (years_after(starts_on, 1) if starts_on else None)
    ends_on = values.get("ends_on")
    if starts_on and review_on and review_on <= starts_on:
        problems.append(("review_on", "The review date must be after the start date."))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(("ends_on", "The end date cannot be before the start date."))
    extension = ""
    if document is not None:
        try:
            extension = check_upload(
                document, kinds=ONLY_PDF, field="document", what="The signed agreement"
            )
        except DomainError as error:
            problems.extend(error.problems)
    if problems:
        raise DomainError.of(problems)
    created = agreement is None
    before = _agreement_values(agreement) if agreement else {}
    agreement = agreement or SharingAgreement()
    for name in AGREEMENT_FIELDS:
        if name in values:
            value = values[name]
            setattr(agreement, name, value.strip() if isinstance(value, str) else value)
    agreement.review_on = review_on  # type: ignore[assignment]
    if not agreement.retention_years:
        agreement.retention_years = DEFAULT_RETENTION_YEARS
    replaced = ""
    if document is not None:
        replaced = agreement.document.name if agreement.document else ""
        agreement.document_name = display_name(document, "agreement.pdf")
        agreement.document.save(generated_name(extension), document, save=False)
    agreement.save()
    if replaced:
        storage = agreement.document.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    agreement.partners.set(partners)
    record(
        action="sharing.agreement.created" if created else "sharing.agreement.changed",
        actor=acting_user,
        target=agreement,
        data={
            "changes": changes(before, _agreement_values(agreement)),
            "partners": sorted(p.pk for p in partners),
            "document": "replaced" if replaced else ("added" if document else None),
        },
    )
    return agreement


@transaction.atomic
def record_review(
    *,
    acting_user: User,
    agreement: SharingAgreement,
    outcome: str,
    note: str = "",
    reviewed_on: date | None = None,
) -> AgreementReview:
    """Continue or amend: the next review is a year on. End: the agreement ends today."""
    _require_registers(acting_user)
    if outcome not in ReviewOutcome.values:
        raise DomainError("Choose the outcome: continue, amend or end.", field="outcome")
    day = reviewed_on or timezone.localdate()
    review = AgreementReview.objects.create(
        agreement=agreement, reviewed_by=acting_user, reviewed_on=day, outcome=outcome, note=note
    )
    if outcome == ReviewOutcome.END:
        agreement.ends_on = day
    else:
        agreement.review_on = years_after(day, 1)
    agreement.save(update_fields=["ends_on", "review_on"])
    record(
        action="sharing.agreement.reviewed",
        actor=acting_user,
        target=agreement,
        data={"outcome": outcome, "review_on": agreement.review_on, "ends_on": agreement.ends_on},
    )
    return review
