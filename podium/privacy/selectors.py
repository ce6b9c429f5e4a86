"""Reads for the data protection pages: the schedule, holds, runs, breaches, the
record of processing, and what waits for the DPO."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import QuerySet

from podium.core.pagination import Page, keyset_page
from podium.core.privacy import Classification
from podium.core.registry import PROCESSING_RECIPIENTS
from podium.privacy import retention
from podium.privacy.models import Breach, LegalHold, RetentionRun, Risk, RuleSetting

NO_RULE = "No automatic rule"
PAGE_SIZE = 50


@dataclass(frozen=True)
class ScheduleRow:
    record_type: retention.RecordType
    rule: retention.Rule | None
    default: retention.Rule | None
    setting: RuleSetting | None

    @property
    def fields(self) -> list[str]:
        model = self.record_type.model
        return [retention.field_label(model, name) for name in self.record_type.declaration.fields]

    @property
    def rule_words(self) -> str:
        return self.rule.words(self.record_type.model) if self.rule else NO_RULE

    @property
    def default_words(self) -> str:
        return self.default.words(self.record_type.model) if self.default else NO_RULE

    @property
    def anonymised_fields(self) -> list[str]:
        if self.rule is None or self.rule.action != "anonymise":
            return []
        return [retention.field_label(self.record_type.model, name) for name in self.rule.anonymise]


def schedule() -> list[ScheduleRow]:
    """Every record type holding personal data, with its rule in force."""
    settings = {s.record_type: s for s in RuleSetting.objects.select_related("changed_by")}
    return [
        ScheduleRow(
            rt,
            retention.effective_rule(rt, settings.get(rt.label)),
            retention.effective_rule(rt, None),
            settings.get(rt.label),
        )
        for rt in retention.record_types()
    ]


def schedule_row(label: str) -> ScheduleRow | None:
    rt = retention.record_type(label)
    if rt is None:
        return None
    setting = RuleSetting.objects.filter(record_type=label).first()
    return ScheduleRow(
        rt, retention.effective_rule(rt, setting), retention.effective_rule(rt, None), setting
    )


def type_names() -> dict[str, str]:
    return {rt.label: f"{rt.name} ({rt.app_name})" for rt in retention.record_types()}


# --- Runs, holds, breaches ------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    label: str
    name: str
    action: str
    due: int
    held: int
    done: int

    @property
    def would_go(self) -> int:
        return self.due - self.held


def run_rows(run: RetentionRun) -> list[CountRow]:
    names = type_names()
    return [
        CountRow(
            label,
            names.get(label, label),
            str(values.get("action", "")),
            int(values.get("due", 0)),
            int(values.get("held", 0)),
            int(values.get("done", 0)),
        )
        for label, values in sorted(run.counts.items(), key=lambda item: names.get(item[0], ""))
    ]


def runs_page(*, after: str | None = None, before: str | None = None) -> Page[RetentionRun]:
    return keyset_page(
        RetentionRun.objects.select_related("started_by"),
        field="started_at",
        after=after,
        before=before,
        size=PAGE_SIZE,
        descending=True,
    )


def holds_page(
    *, in_force: bool, after: str | None = None, before: str | None = None
) -> Page[LegalHold]:
    holds: QuerySet[LegalHold] = LegalHold.objects.select_related("placed_by", "lifted_by")
    holds = holds.filter(lifted_at__isnull=in_force)
    return keyset_page(
        holds, field="placed_at", after=after, before=before, size=PAGE_SIZE, descending=True
    )


def breaches_page(*, after: str | None = None, before: str | None = None) -> Page[Breach]:
    return keyset_page(
        Breach.objects.all(),
        field="discovered_at",
        after=after,
        before=before,
        size=PAGE_SIZE,
        descending=True,
    )


def held_record(hold: LegalHold) -> str:
    """What the hold is on, as the DPO knows it (the record's own words), or that
    it is gone."""
    try:
        model = apps.get_model(hold.record_type)
    except (LookupError, ValueError):
        return f"{hold.record_type} {hold.record_id}"
    found = model._default_manager.filter(pk=hold.record_id).first()
    name = str(model._meta.verbose_name).capitalize()
    if found is None:
        return f"{name} {hold.record_id} (no longer exists)"
    return f"{name} {hold.record_id}: {found}"


def breaches_with_clock() -> QuerySet[Breach]:
    return Breach.objects.filter(reported_to_ico=False).exclude(risk=Risk.UNLIKELY)


@dataclass(frozen=True)
class Summary:
    clocks: int
    holds: int
    waiting_dry_run: RetentionRun | None


def summary() -> Summary:
    """What the DPO's home and the overview show."""
    # Finished runs only: a run's row is made when it starts (services.run_retention).
    finished = RetentionRun.objects.filter(finished_at__isnull=False)
    latest_dry = finished.filter(dry_run=True).order_by("-started_at", "-pk").first()
    latest_run = finished.filter(dry_run=False).order_by("-started_at", "-pk").first()
    waiting = None
    if (
        latest_dry is not None
        and latest_dry.total_due > 0
        and (latest_run is None or latest_run.started_at < latest_dry.started_at)
    ):
        waiting = latest_dry
    return Summary(
        clocks=breaches_with_clock().count(),
        holds=LegalHold.objects.in_force().count(),
        waiting_dry_run=waiting,
    )


# --- The record of processing activities (Art 30) ----------------------------------


@dataclass
class Activity:
    app: str
    purpose: str
    special_category: bool
    rows: list[ScheduleRow] = field(default_factory=list)


def record_of_processing() -> dict[str, Any]:
    """Generated from the declarations and the schedule: it changes when the code does."""
    activities: dict[str, Activity] = {}
    for row in schedule():
        config = row.record_type.model._meta.app_config
        activity = activities.setdefault(
            config.label,
            Activity(
                app=str(config.verbose_name),
                purpose=getattr(config, "privacy_purpose", "") or "Not stated.",
                special_category=False,
            ),
        )
        activity.rows.append(row)
        if row.record_type.declaration.classification == Classification.SPECIAL_CATEGORY:
            activity.special_category = True
    recipients = [line for entry in PROCESSING_RECIPIENTS for line in entry.describe()]
    return {"activities": list(activities.values()), "recipients": recipients}
