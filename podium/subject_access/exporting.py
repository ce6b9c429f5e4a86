"""Builds a request's export from the apps' export mappings
(`podium/core/subject_export.py`): every row of every personal-data model that
reaches a person record the DPO confirmed, with third parties' personal data
redacted (unless the row reaches the requester through one of its mapping's
`owned_by` kinds: the subject of a Prevent concern reads what was noticed about them)
and the DPO's withholdings applied. Sections of such rows name the exemptions the
DPO is asked to consider before release (`Export.to_consider`). Written as JSON (one file per record
type, zipped) and as a printable HTML document (`templates/subject_access/document.html`).

The JSON keeps each field's name and stored value (machine-readable); the document
and the DPO's review show the same rows as a person reads them (`Row.lines`,
`Section.headings`): the field's own name, a choice's label, dates as dates."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone

from podium.core.subject_export import EXPORT_MAPPINGS, ExportMapping
from podium.subject_access.models import Exemption, SubjectAccessRequest, Withholding

THIRD_PARTY = "[redacted: another person's data]"
YOU = "(you)"

Person = dict[str, set[int]]


@dataclass
class Row:
    record_id: int
    values: dict[str, Any]  # field name -> value, as the JSON bundle has it
    redacted: dict[str, str] = field(default_factory=dict)  # field -> exemption label
    # (the field's own name, the value as a person reads it): the document and the
    # DPO's review
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    label: str  # the model label, "events.EventRequest"
    title: str
    fields: list[str]
    rows: list[Row]
    headings: dict[str, str] = field(default_factory=dict)  # field name -> its own name
    # The requester's own rows of a mapping with `owned_by` (a concern's subject), and
    # the exemptions the DPO is asked to consider for them before release.
    own: list[int] = field(default_factory=list)
    consider: list[str] = field(default_factory=list)  # exemption labels
    consider_why: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.label}.json"


@dataclass
class Withheld:
    label: str
    title: str
    record_id: int
    exemption: str
    reason: str


@dataclass
class Export:
    sections: list[Section]
    withheld: list[Withheld]

    @property
    def record_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)

    @property
    def to_consider(self) -> list[Section]:
        """Sections whose rows the DPO is asked to consider withholding under an
        exemption before release (`ExportMapping.consider`)."""
        return [section for section in self.sections if section.consider]

    @property
    def redaction_count(self) -> int:
        return sum(len(row.redacted) for section in self.sections for row in section.rows)


def person_of(sar: SubjectAccessRequest) -> Person:
    """The confirmed person records, by kind."""
    person: Person = defaultdict(set)
    for kind, record_id in sar.candidates.filter(confirmed=True).values_list("kind", "record_id"):
        person[kind].add(record_id)
    return dict(person)


def export_fields(mapping: ExportMapping) -> list[str]:
    model = apps.get_model(mapping.model)
    declared = list(model.personal_data.fields)
    return ["id", *[name for name in mapping.context if name not in declared], *declared]


def _condition(mapping: ExportMapping, person: Person) -> Q | None:
    condition = Q()
    for kind, paths in mapping.about.items():
        ids = person.get(kind)
        if not ids:
            continue
        for path in paths:
            condition |= Q(**{f"{path}__in": sorted(ids)})
    return condition or None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float | bool | str | list | dict) or value is None:
        return value
    return str(value)


def _value(
    row: models.Model, name: str, mapping: ExportMapping, person: Person, own: bool = False
) -> Any:
    if name in mapping.third_party and not own:
        return THIRD_PARTY
    model_field = row._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        target = model_field.related_model._meta.label  # type: ignore[union-attr]
        key = getattr(row, model_field.attname)
        if key is None:
            return None
        if target in mapping.about or target in person:
            return YOU if key in person.get(target, set()) else THIRD_PARTY
        return str(getattr(row, name))
    if isinstance(model_field, models.FileField):
        stored = getattr(row, name)
        return stored.name if stored else ""
    return _plain(getattr(row, name))


def _heading(model: type[models.Model], name: str) -> str:
    if name == "id":
        return "Record number"
    return str(model._meta.get_field(name).verbose_name).capitalize()  # type: ignore[union-attr]


def _readable(value: Any) -> str:
    """A JSON value (a snapshot: {"name": {"label": …, "value": …}}) in words."""
    if isinstance(value, dict):
        if set(value) == {"label", "value"}:
            return f"{value['label']}: {_readable(value['value'])}"
        return "; ".join(
            _readable(item) if isinstance(item, dict) else f"{key}: {_readable(item)}"
            for key, item in value.items()
        )
    if isinstance(value, list):
        return "; ".join(_readable(item) for item in value)
    return "–" if value is None or value == "" else str(value)


def _shown(record: models.Model, name: str, value: Any, redacted: bool) -> str:
    """`value` (the JSON's) as a person reads it: a choice's label, a date as a
    date, yes or no. Redactions and withholdings are shown as they are."""
    if redacted or value in (YOU, THIRD_PARTY) or name == "id":
        return "–" if value is None else str(value)
    model_field = record._meta.get_field(name)
    raw = getattr(record, model_field.attname, None)  # type: ignore[union-attr]
    if raw is None or raw == "":
        return "–"
    if getattr(model_field, "choices", None):
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(raw, datetime):
        return formats.date_format(timezone.localtime(raw), "j M Y H:i")
    if isinstance(raw, date):
        return formats.date_format(raw, "j M Y")
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    return _readable(value)


def _related(mapping: ExportMapping, person: Person) -> list[str]:
    """Foreign keys read for their labels (not person records): fetched in the query."""
    model = apps.get_model(mapping.model)
    names = []
    for name in mapping.context:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            target = model_field.related_model._meta.label  # type: ignore[union-attr]
            if target not in mapping.about and target not in person:
                names.append(name)
    return names


def _own(mapping: ExportMapping, person: Person) -> set[int]:
    """The keys of the rows reaching the requester through an `owned_by` kind: their
    `third_party` fields are the requester's own data."""
    if not mapping.owned_by:
        return set()
    condition = _condition(
        mapping, {kind: ids for kind, ids in person.items() if kind in mapping.owned_by}
    )
    if condition is None:
        return set()
    model = apps.get_model(mapping.model)
    return set(model.objects.filter(condition).values_list("pk", flat=True))


def build(sar: SubjectAccessRequest) -> Export:
    person = person_of(sar)
    withholdings: dict[tuple[str, int], list[Withholding]] = defaultdict(list)
    for item in sar.withholdings.all():
        withholdings[(item.record_type, item.record_id)].append(item)
    sections: list[Section] = []
    withheld: list[Withheld] = []
    if not person:
        return Export(sections=[], withheld=[])
    for mapping in EXPORT_MAPPINGS:
        condition = _condition(mapping, person)
        if condition is None:
            continue
        model = apps.get_model(mapping.model)
        names = export_fields(mapping)
        headings = {name: _heading(model, name) for name in names}
        ids = model.objects.filter(condition).values_list("pk", flat=True).distinct()
        queryset = (
            model.objects.filter(pk__in=ids)
            .select_related(*_related(mapping, person))
            .order_by("pk")
        )
        own_ids = _own(mapping, person)
        rows: list[Row] = []
        for record in queryset.iterator(chunk_size=1000):
            mine = withholdings.get((mapping.model, record.pk), [])
            whole = next((item for item in mine if not item.field_name), None)
            if whole is not None:
                withheld.append(
                    Withheld(
                        mapping.model,
                        mapping.title,
                        record.pk,
                        Exemption(whole.exemption).label,
                        whole.reason,
                    )
                )
                continue
            own = record.pk in own_ids
            values = {name: _value(record, name, mapping, person, own) for name in names}
            redacted: dict[str, str] = {}
            for item in mine:
                if item.field_name in values:
                    label = Exemption(item.exemption).label
                    values[item.field_name] = f"[withheld: {label}]"
                    redacted[item.field_name] = label
                    withheld.append(
                        Withheld(mapping.model, mapping.title, record.pk, label, item.reason)
                    )
            lines = [
                (headings[name], _shown(record, name, value, name in redacted))
                for name, value in values.items()
            ]
            rows.append(Row(record.pk, values, redacted, lines))
        if rows:
            section = Section(mapping.model, mapping.title, names, rows, headings)
            section.own = sorted(own_ids & {row.record_id for row in rows})
            if section.own and mapping.consider:
                section.consider = [Exemption(code).label for code in mapping.consider]
                section.consider_why = mapping.consider_why
            sections.append(section)
    return Export(sections=sections, withheld=withheld)


def bundle(sar: SubjectAccessRequest, export: Export) -> bytes:
    """The machine-readable bundle: a zip of one JSON file per record type, and
    `withheld.json` listing what was withheld under which exemption and why."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in export.sections:
            archive.writestr(
                section.file_name,
                json.dumps(
                    {
                        "record_type": section.title,
                        "model": section.label,
                        "records": [row.values for row in section.rows],
                    },
                    indent=2,
                    ensure_ascii=False,
                ),
            )
        archive.writestr(
            "withheld.json",
            json.dumps(
                {
                    "request": sar.reference,
                    "withheld": [
                        {
                            "record_type": item.title,
                            "model": item.label,
                            "record_id": item.record_id,
                            "exemption": item.exemption,
                            "reason": item.reason,
                        }
                        for item in export.withheld
                    ],
                },
                indent=2,
                ensure_ascii=False,
            ),
        )
    return buffer.getvalue()
