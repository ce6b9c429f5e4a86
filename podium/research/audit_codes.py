"""Research's audit codes (`podium/audit/codes.py`). Entries name a registration by
its reference and a lookup by its number; the lookup's purpose (a fixed list)
appears in the log's sentence, its written reason only on the lookup log page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from podium.audit.codes import TargetLink, code
from podium.research.access import visible_filter
from podium.research.models import LookupPurpose, Registration


def _lookup_sentence(data: Mapping[str, Any]) -> str:
    purpose = LookupPurpose(data["purpose"]).label
    return (
        "{actor} looked up a person's research registrations "
        f"(reason: {purpose.lower()}; {int(data['found'])} found): {{target}}"
    )


CODES = [
    code(
        "research.registration.submitted",
        "{actor} registered a security-sensitive research project: {target}",
        ["researcher_kind", "material_kinds", "storage_location", "starts_on", "ends_on"],
    ),
    code(
        "research.registration.approved",
        "{actor} approved a research registration: {target}",
        ["approved_as", "state"],
    ),
    code(
        "research.registration.declined",
        "{actor} declined a research registration: {target}",
        ["state"],
    ),
    code(
        "research.registration.closed",
        "{actor} closed a research registration: {target}",
        ["state"],
    ),
    code(
        "research.registration.renewed",
        "{actor} renewed a research registration: {target}",
        ["ends_on", "state"],
    ),
    code("research.registration.expired", "The research registration {target} expired", ["state"]),
    code(
        "research.reminders.sent",
        "Podium expired ended research registrations and sent reminders",
        ["expired", "reminded"],
    ),
    code(
        "research.lookup.made",
        "{actor} looked up a person's research registrations: {target}",
        ["purpose", "kind", "found"],
        describe=_lookup_sentence,
    ),
    code("research.material.added", "{actor} added a kind of research material: {target}"),
    code(
        "research.material.changed",
        "{actor} changed a kind of research material: {target}",
        ["is_active"],
    ),
    code("research.location.added", "{actor} added an approved storage location: {target}"),
    code(
        "research.location.changed",
        "{actor} changed an approved storage location: {target}",
        ["is_active"],
    ),
]


def _registration_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    shown = Registration.objects.filter(visible_filter(reader), pk__in=ids).values_list(
        "pk", flat=True
    )
    return {pk: reverse("research:detail", kwargs={"pk": pk}) for pk in shown}


LINKS = [TargetLink("research.registration", _registration_urls)]
