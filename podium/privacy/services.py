"""Writes for data protection: the schedule, holds, retention runs, breaches.

Each state change writes one audit entry. Audit data holds record types, counts,
field names and ids — never a reason, a summary or anyone's name (the words stay
on the record, which the retention schedule covers; see
docs/decisions/0003-erasure-and-the-audit-chain.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts import selectors as accounts_selectors
from podium.accounts.roles import Capability
from podium.audit.services import changes, record
from podium.core.errors import DomainError
from podium.core.privacy import RetentionAction
from podium.notify import services as notify
from podium.privacy import retention
from podium.privacy.models import (
    HOLD_RECORD_TYPES,
    Breach,
    HoldKind,
    LegalHold,
    RetentionRun,
    Risk,
    RuleSetting,
)

if TYPE_CHECKING:
    from podium.accounts.models import User

RULE_FIELDS = ("months", "runs_from", "action", "anonymise")
BREACH_FIELDS = (
    "discovered_at",
    "summary",
    "data_subjects",
    "risk",
    "risk_assessment",
    "reported_to_ico",
    "reported_at",
    "ico_reference",
)
BREACH_TEXT_FIELDS = ("summary", "data_subjects", "risk_assessment", "ico_reference")
# Reminders to the DPOs while a breach's clock runs: hours after discovery.
REMINDER_HOURS = (24, 48, 64)


# --- The schedule ------------------------------------------------------------------


def _rule_values(rule: retention.Rule | None) -> dict[str, Any]:
    if rule is None:
        return {"months": None, "runs_from": "", "action": "", "anonymise": []}
    return {
        "months": rule.months,
        "runs_from": rule.runs_from,
        "action": rule.action,
        "anonymise": list(rule.anonymise),
    }


@transaction.atomic
def set_rule(
    *,
    acting_user: User,
    record_type: str,
    months: int | None,
    runs_from: str = "",
    action: str = "",
    anonymise: Iterable[str] = (),
) -> RuleSetting:
    """Set the rule for a record type; `months` None: no automatic rule."""
    rt = retention.record_type(record_type)
    if rt is None:
        raise DomainError("There is no such record type.", field="record_type")
    names = list(anonymise) if action == RetentionAction.ANONYMISE else []
    if months is not None:
        problems: list[tuple[str | None, str]] = []
        if months < 1:
            problems.append(("months", "The period must be at least one month."))
        if action not in RetentionAction.values:
            problems.append(("action", "Choose delete or anonymise."))
        problems += retention.validate(rt, runs_from=runs_from, action=action, anonymise=names)
        if problems:
            raise DomainError.of(problems)
    else:
        runs_from, action = "", ""
    setting = RuleSetting.objects.select_for_update().filter(record_type=record_type).first()
    before = _rule_values(retention.effective_rule(rt, setting))
    if setting is None:
        setting = RuleSetting(record_type=record_type, changed_by=acting_user)
    setting.months, setting.runs_from, setting.action = months, runs_from, action
    setting.anonymise = names
    setting.changed_by, setting.changed_at = acting_user, timezone.now()
    setting.save()
    after = _rule_values(retention.effective_rule(rt, setting))
    record(
        action="privacy.rule.changed",
        actor=acting_user,
        target=setting,
        data={"record_type": record_type, "changes": changes(before, after)},
    )
    return setting


@transaction.atomic
def reset_rule(*, acting_user: User, record_type: str) -> None:
    """Go back to the default the model declares."""
    setting = RuleSetting.objects.select_for_update().filter(record_type=record_type).first()
    if setting is None:
        raise DomainError("This record type already follows its declared default.")
    record(
        action="privacy.rule.reset",
        actor=acting_user,
        target=setting,
        data={"record_type": record_type},
    )
    setting.delete()


# --- Legal holds -------------------------------------------------------------------


def holds_in_force() -> dict[str, set[int]]:
    """Record type -> ids under a hold in force."""
    found: dict[str, set[int]] = defaultdict(set)
    for record_type, record_id in LegalHold.objects.in_force().values_list(
        "record_type", "record_id"
    ):
        found[record_type].add(record_id)
    return found


@transaction.atomic
def place_hold(
    *, acting_user: User, kind: str, record_id: int, reason: str, record_type: str = ""
) -> LegalHold:
    problems: list[tuple[str | None, str]] = []
    if kind not in HoldKind.values:
        raise DomainError("Choose what the hold is on.", field="kind")
    record_type = HOLD_RECORD_TYPES.get(HoldKind(kind), record_type)
    rt = retention.record_type(record_type)
    if rt is None:
        problems.append(("record_type", "Choose the kind of record the hold is on."))
    elif not rt.model._default_manager.filter(pk=record_id).exists():
        problems.append(("record_id", "There is no such record: check its number."))
    if not reason.strip():
        problems.append(("reason", "Say why the records must be kept."))
    if problems:
        raise DomainError.of(problems)
    if LegalHold.objects.in_force().filter(record_type=record_type, record_id=record_id).exists():
        raise DomainError("A hold is already in force on this record.", field="record_id")
    hold = LegalHold.objects.create(
        kind=kind,
        record_type=record_type,
        record_id=record_id,
        reason=reason.strip(),
        placed_by=acting_user,
    )
    record(
        action="privacy.hold.placed",
        actor=acting_user,
        target=hold,
        data={"kind": kind, "record_type": record_type, "record_id": record_id},
    )
    return hold


@transaction.atomic
def lift_hold(*, acting_user: User, hold: LegalHold, reason: str) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.in_force:
        raise DomainError("This hold has already been lifted.")
    if not reason.strip():
        raise DomainError("Say why the hold can be lifted.", field="reason")
    hold.lifted_by, hold.lifted_at, hold.lift_reason = acting_user, timezone.now(), reason.strip()
    hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
    record(
        action="privacy.hold.lifted",
        actor=acting_user,
        target=hold,
        data={"record_type": hold.record_type, "record_id": hold.record_id},
    )
    return hold


# --- Retention runs ----------------------------------------------------------------


def _settings() -> dict[str, RuleSetting]:
    return {s.record_type: s for s in RuleSetting.objects.all()}


def run_retention(
    *, acting_user: User | None, dry_run: bool, now: datetime | None = None, batch: int = 0
) -> RetentionRun:
    """Count (dry run) or apply the schedule to every record type with a rule.
    Each batch of rows commits on its own; the run and its audit entry commit
    with the counts at the end."""
    now = now or timezone.now()
    holds = holds_in_force()
    settings = _settings()
    counts: dict[str, dict[str, int]] = {}
    # Made first, so the audit log's anchor can name the run that pruned it.
    run = RetentionRun.objects.create(dry_run=dry_run, started_by=acting_user, started_at=now)
    for rt in retention.record_types():
        rule = retention.effective_rule(rt, settings.get(rt.label))
        if rule is None:
            continue
        if dry_run:
            counts[rt.label] = retention.count(rt, rule, now, holds)
        else:
            counts[rt.label] = retention.apply(
                rt,
                rule,
                now,
                holds,
                batch=batch or retention.BATCH,
                run=f"{run._meta.label_lower}:{run.pk}",
            )
        counts[rt.label]["action"] = rule.action  # type: ignore[assignment]
    with transaction.atomic():
        run.finished_at, run.counts = timezone.now(), counts
        run.save(update_fields=["finished_at", "counts"])
        record(
            action="privacy.retention.dry_run" if dry_run else "privacy.retention.applied",
            actor=acting_user,
            target=run,
            data={"counts": counts},
        )
    return run


# --- Breaches ----------------------------------------------------------------------


def _breach_values(breach: Breach) -> dict[str, Any]:
    values = {name: getattr(breach, name) for name in BREACH_FIELDS}
    for name in ("discovered_at", "reported_at"):
        values[name] = values[name].isoformat(timespec="minutes") if values[name] else None
    return values


def _check_breach(values: dict[str, Any], now: datetime) -> None:
    problems: list[tuple[str | None, str]] = []
    if values["discovered_at"] > now + timedelta(minutes=5):
        problems.append(("discovered_at", "The time of discovery cannot be in the future."))
    if values.get("reported_to_ico"):
        if not values.get("reported_at"):
            problems.append(("reported_at", "Enter when the breach was reported to the ICO."))
        elif values["reported_at"] < values["discovered_at"]:
            problems.append(("reported_at", "The report cannot come before the discovery."))
        elif values["reported_at"] > now + timedelta(minutes=5):
            problems.append(("reported_at", "The time of the report cannot be in the future."))
    elif values.get("reported_at") or values.get("ico_reference"):
        problems.append(
            ("reported_to_ico", "Tick 'Reported to the ICO' to give the time or reference.")
        )
    if problems:
        raise DomainError.of(problems)


@transaction.atomic
def record_breach(*, acting_user: User, **values: Any) -> Breach:
    _check_breach(values, timezone.now())
    breach = Breach.objects.create(recorded_by=acting_user, **values)
    record(
        action="privacy.breach.recorded",
        actor=acting_user,
        target=breach,
        data={"risk": breach.risk, "reported_to_ico": breach.reported_to_ico},
    )
    return breach


@transaction.atomic
def update_breach(*, acting_user: User, breach: Breach, **values: Any) -> Breach:
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    _check_breach(values, timezone.now())
    before = _breach_values(breach)
    for name, value in values.items():
        setattr(breach, name, value)
    after = _breach_values(breach)
    change = changes(before, after, text_fields=BREACH_TEXT_FIELDS)
    if not change:
        raise DomainError("Nothing changed.")
    breach.updated_at = timezone.now()
    breach.save()
    record(
        action="privacy.breach.changed",
        actor=acting_user,
        target=breach,
        data={"changes": change},
    )
    return breach


def send_breach_reminders(*, now: datetime | None = None) -> int:
    """Remind the data protection officers of each breach whose clock runs, at
    24, 48 and 64 hours after discovery; once per breach and stage."""
    now = now or timezone.now()
    officers = list(accounts_selectors.holders_of(capability=Capability.MANAGE_PRIVACY))
    sent = 0
    candidates = Breach.objects.filter(
        reported_to_ico=False, reminders_sent__lt=len(REMINDER_HOURS)
    ).exclude(risk=Risk.UNLIKELY)
    for breach in candidates:
        stage = sum(
            1 for hours in REMINDER_HOURS if now >= breach.discovered_at + timedelta(hours=hours)
        )
        if stage <= breach.reminders_sent:
            continue
        with transaction.atomic():
            updated = Breach.objects.filter(
                pk=breach.pk, reminders_sent=breach.reminders_sent
            ).update(reminders_sent=stage)
            if not updated:
                continue  # another worker sent it
            hours_left = breach.hours_left(now)
            notify.notify(
                officers,
                "privacy/email/breach_reminder.txt",
                {"breach": breach, "hours_left": hours_left},
                subject=f"Breach {breach.pk}: {max(hours_left, 0)} hours left to report to the ICO",
                link=reverse("privacy:breach-detail", args=[breach.pk]),
                link_label=f"Breach {breach.pk}",
            )
            record(
                action="privacy.breach.reminded",
                actor=None,
                target=breach,
                data={
                    "hours_after_discovery": REMINDER_HOURS[stage - 1],
                    "officers": len(officers),
                },
            )
            sent += 1
    return sent
