"""The retention machinery, driven by the models' declarations.

Every first-party model declares its personal data (`podium.core.privacy`); where
the rule is mechanical the declaration carries a `Schedule`. This module reads
them through Django's app registry — privacy imports no app to find them — and
applies the effective rule (the DPO's `RuleSetting`, else the declared default)
in batches. A run is idempotent: deleted rows are gone, anonymised rows no longer
match, so running twice does nothing the second time.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from podium.audit import pruning
from podium.core import summaries
from podium.core.privacy import Classification, PersonalData, RetentionAction

REPLACEMENT = "[anonymised]"  # what a required text field reads once anonymised
UNIQUE_PREFIX = "anonymised-"  # a unique text field becomes "anonymised-<id>"
BATCH = 1000


@dataclass(frozen=True)
class RecordType:
    label: str  # app_label.modelname, e.g. "events.eventrequest"
    model: type[models.Model]

    @property
    def declaration(self) -> PersonalData:
        declared: PersonalData = self.model.personal_data  # type: ignore[attr-defined]
        return declared

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def app_name(self) -> str:
        return str(self.model._meta.app_config.verbose_name)


@dataclass(frozen=True)
class Rule:
    months: int
    runs_from: str
    action: str
    anonymise: tuple[str, ...]
    held_through: tuple[tuple[str, str], ...]
    changed: bool  # the DPO's rule rather than the declared default

    def words(self, model: type[models.Model] | None = None) -> str:
        """ "Delete 2 years after “sent at”": with `model`, the date is named by its
        field's own name (and the record it is on), not its code name."""
        years, months = divmod(self.months, 12)
        period = (
            f"{years} year{'s' if years != 1 else ''}"
            if not months
            else f"{self.months} month{'s' if self.months != 1 else ''}"
        )
        what = "delete" if self.action == RetentionAction.DELETE else "anonymise"
        if model is None:
            return f"{what.capitalize()} {period} after {self.runs_from.replace('__', ' ')}"
        *through, _ = self.runs_from.split("__")
        on = f"the {' '.join(through).replace('_', ' ')}'s " if through else ""
        return f"{what.capitalize()} {period} after {on}“{field_label(model, self.runs_from)}”"


@cache
def _record_types() -> tuple[RecordType, ...]:
    found = [
        RecordType(model._meta.label_lower, model)
        for model in apps.get_models()
        if model.__module__.startswith("podium.")
        and isinstance(getattr(model, "personal_data", None), PersonalData)
        and model.personal_data.classification != Classification.NONE  # type: ignore[attr-defined]
    ]
    return tuple(sorted(found, key=lambda rt: (rt.app_name, rt.name)))


def record_types() -> tuple[RecordType, ...]:
    """Every first-party model that holds personal data."""
    return _record_types()


def record_type(label: str) -> RecordType | None:
    return next((rt for rt in record_types() if rt.label == label), None)


def _field_at(model: type[models.Model], path: str) -> models.Field[Any, Any] | None:
    """The field `path` (`request__starts_at`) leads to, or None."""
    *hops, last = path.split("__")
    try:
        for hop in hops:
            relation = model._meta.get_field(hop)
            if not relation.is_relation or relation.related_model is None:
                return None
            model = relation.related_model  # type: ignore[assignment]
        field = model._meta.get_field(last)
    except Exception:  # FieldDoesNotExist and relations without a model
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model: type[models.Model], path: str) -> str:
    field = _field_at(model, path)
    return str(field.verbose_name) if field is not None else path


def is_date_path(model: type[models.Model], path: str) -> bool:
    return isinstance(_field_at(model, path), models.DateField)  # DateTimeField is one too


def date_choices(rt: RecordType) -> list[tuple[str, str]]:
    """The dates a rule may run from: the record's own date fields, and the
    declared default's (which may be a related record's)."""
    own = [
        (f.name, str(f.verbose_name))
        for f in rt.model._meta.concrete_fields
        if isinstance(f, models.DateField)
    ]
    default = rt.declaration.schedule
    if default and default.runs_from not in {name for name, _ in own}:
        own.insert(0, (default.runs_from, default.runs_from.replace("__", " ")))
    return own


def anonymisable(field: models.Field[Any, Any]) -> bool:
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return bool(field.null)
    if isinstance(field, models.DateField):
        return bool(field.null)
    return isinstance(field, models.CharField | models.TextField)


def anonymisable_fields(rt: RecordType) -> list[str]:
    """The declared personal-data fields that can be blanked or replaced."""
    result = []
    for name in rt.declaration.fields:
        field = _field_at(rt.model, name)
        if field is not None and anonymisable(field):
            result.append(name)
    return result


def effective_rule(rt: RecordType, setting: Any | None) -> Rule | None:
    """The DPO's rule when there is one (an empty period: none), else the default."""
    default = rt.declaration.schedule
    held = default.held_through if default else ()
    if setting is not None:
        if setting.months is None:
            return None
        return Rule(
            setting.months,
            setting.runs_from,
            setting.action,
            tuple(setting.anonymise),
            held,
            changed=True,
        )
    if default is None:
        return None
    return Rule(
        default.months,
        default.runs_from,
        str(default.action),
        default.anonymise,
        held,
        changed=False,
    )


def months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _replacement(field: models.Field[Any, Any]) -> tuple[Any, Q]:
    """What the field becomes, and the condition of a row not yet anonymised."""
    name = field.name
    if isinstance(field, models.ForeignKey | models.OneToOneField) or (
        field.null and not isinstance(field, models.CharField | models.TextField)
    ):
        return None, Q(**{f"{name}__isnull": False})
    if field.unique:
        return (
            Concat(Value(UNIQUE_PREFIX), Cast("pk", models.CharField())),
            ~Q(**{f"{name}__startswith": UNIQUE_PREFIX}),
        )
    if field.blank:
        return "", ~Q(**{name: ""})
    return REPLACEMENT, ~Q(**{name: REPLACEMENT})


def _cutoff(rule: Rule, now: datetime) -> datetime:
    return months_before(now, rule.months)


def due(rt: RecordType, rule: Rule, now: datetime) -> QuerySet[Any]:
    """The records past their period (and, to anonymise, not yet anonymised)."""
    cutoff: date | datetime = months_before(now, rule.months)
    field = _field_at(rt.model, rule.runs_from)
    if not isinstance(field, models.DateTimeField):
        cutoff = cutoff.date() if isinstance(cutoff, datetime) else cutoff
    queryset = rt.model._default_manager.filter(**{f"{rule.runs_from}__lt": cutoff})
    if rule.action == RetentionAction.ANONYMISE:
        pending = Q()
        for name in rule.anonymise:
            target = _field_at(rt.model, name)
            if target is not None:
                pending |= _replacement(target)[1]
        if not pending:
            return queryset.none()
        queryset = queryset.filter(pending)
    return queryset


def held(rt: RecordType, rule: Rule, holds: Mapping[str, set[int]]) -> Q | None:
    """Rows a hold in force covers: the record itself, or a record it belongs to."""
    condition = Q()
    if holds.get(rt.label):
        condition |= Q(pk__in=holds[rt.label])
    for record_type_label, lookup in rule.held_through:
        if holds.get(record_type_label):
            condition |= Q(**{f"{lookup}__in": holds[record_type_label]})
    return condition or None


def count(
    rt: RecordType, rule: Rule, now: datetime, holds: Mapping[str, set[int]]
) -> dict[str, int]:
    if rt.label == pruning.RECORD_TYPE:
        return pruning.count(before=_cutoff(rule, now), held=holds.get(rt.label, ()))
    queryset = due(rt, rule, now)
    hold = held(rt, rule, holds)
    return {
        "due": queryset.count(),
        "held": queryset.filter(hold).count() if hold is not None else 0,
        "done": 0,
    }


def apply(
    rt: RecordType,
    rule: Rule,
    now: datetime,
    holds: Mapping[str, set[int]],
    *,
    batch: int = BATCH,
    run: str = "",
) -> dict[str, int]:
    """Delete or anonymise what is due and not held, `batch` rows per transaction.
    The audit log is never deleted row by row: its oldest entries are pruned
    behind a signed anchor (`podium.audit.pruning`), `run` naming the run."""
    if rt.label == pruning.RECORD_TYPE:
        return pruning.prune(
            before=_cutoff(rule, now), held=holds.get(rt.label, ()), run=run, batch=batch
        )
    counted = count(rt, rule, now, holds)
    hold = held(rt, rule, holds)
    queryset = due(rt, rule, now)
    if hold is not None:
        queryset = queryset.exclude(hold)
    updates = {}
    if rule.action == RetentionAction.ANONYMISE:
        for name in rule.anonymise:
            target = _field_at(rt.model, name)
            if target is not None:
                updates[target.attname] = _replacement(target)[0]
    done = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        with transaction.atomic():
            rows = rt.model._default_manager.filter(pk__in=ids)
            if rule.action == RetentionAction.DELETE:
                _, per_model = rows.delete()
                done += per_model.get(rt.model._meta.label, 0)
                changed = set(per_model)  # with the rows deleted in cascade
            else:
                done += rows.update(**updates)
                changed = {rt.model._meta.label}
            # Counts kept as summary rows that these records fed are counted again.
            for label in changed:
                summaries.mark_topic(label.lower())
        if len(ids) < batch:
            break
    counted["done"] = done
    return counted


def validate(
    rt: RecordType, *, runs_from: str, action: str, anonymise: Iterable[str]
) -> list[tuple[str | None, str]]:
    """Problems with a rule, as (field, message) pairs."""
    problems: list[tuple[str | None, str]] = []
    if rt.label == pruning.RECORD_TYPE and (
        action != RetentionAction.DELETE or runs_from != "created_at"
    ):
        # Entries cannot be edited (the chain), only pruned oldest first.
        problems.append(
            (
                "action",
                "The audit log can only be pruned: delete, from the date each entry was written.",
            )
        )
        return problems
    if not is_date_path(rt.model, runs_from):
        problems.append(("runs_from", "Choose the date the period runs from."))
    if action == RetentionAction.ANONYMISE:
        names = list(anonymise)
        if not names:
            problems.append(("anonymise", "Choose at least one field to anonymise."))
        allowed = set(anonymisable_fields(rt))
        if any(name not in allowed for name in names):
            problems.append(("anonymise", "Choose only fields that can be blanked or replaced."))
    return problems
