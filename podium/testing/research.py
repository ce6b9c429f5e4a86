"""Helpers for tests of the research register."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.research import services
from podium.research.models import MaterialKind, Registration, ResearcherKind, StorageLocation


def today() -> date:
    return timezone.localdate()


def lists() -> tuple[MaterialKind, StorageLocation]:
    kind, _ = MaterialKind.objects.get_or_create(name="Terrorist propaganda")
    location, _ = StorageLocation.objects.get_or_create(name="Secure research data store")
    return kind, location


def facts(
    unit: OrgUnit, *, supervisor: User | None = None, **overrides: Any
) -> services.RegistrationFacts:
    kind, location = lists()
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Recruitment narratives in online propaganda",
        "researcher_kind": ResearcherKind.STUDENT if supervisor else ResearcherKind.STAFF,
        "researcher_number": "20231187",
        "supervisor": supervisor,
        "unit": unit,
        "ethics_reference": "ETH-2026-041",
        "material_kinds": [kind],
        "storage_location": location,
        "storage_attested": True,
        "starts_on": today,
        "ends_on": today + timedelta(days=365),
    }
    values.update(overrides)
    return services.RegistrationFacts(**values)


def register(
    researcher: User, unit: OrgUnit, *, supervisor: User | None = None, **overrides: Any
) -> Registration:
    return services.register(
        acting_user=researcher, facts=facts(unit, supervisor=supervisor, **overrides)
    )


def form_data(unit: OrgUnit, *, supervisor: User | None = None) -> dict[str, Any]:
    kind, location = lists()
    today = timezone.localdate()
    return {
        "title": "A corpus study of extremist manifestos",
        "researcher_kind": "student" if supervisor else "staff",
        "researcher_number": "20239999",
        "supervisor": supervisor.pk if supervisor else "",
        "unit": unit.pk,
        "ethics_reference": "ETH-2026-099",
        "material_kinds": [kind.pk],
        "storage_location": location.pk,
        "storage_attested": "on",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=300)).isoformat(),
    }
