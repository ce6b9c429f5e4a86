"""Builders for governance tests: the Prevent lead, a governor, a draft with risks,
a signed version."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.governance import services
from podium.governance.defaults import ensure_defaults
from podium.governance.models import (
    ActionItem,
    AssessmentVersion,
    Complaint,
    RiskEntry,
    RiskTopic,
)
from podium.testing import factories


def make_lead(institution: OrgUnit, **kwargs: Any) -> User:
    ensure_defaults()  # a transactional test may have flushed the migration's rows
    return factories.make_person_with_role(Role.PREVENT_LEAD, institution, **kwargs)


def make_governor(institution: OrgUnit, **kwargs: Any) -> User:
    return factories.make_person_with_role(Role.GOVERNOR, institution, **kwargs)


def risk_values(owner: User, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "topic": RiskTopic.objects.get(name="Speakers and events"),
        "description": "A speaker draws people into terrorism.",
        "likelihood": 3,
        "severity": 5,
        "controls": "External speaker procedure.",
        "residual_likelihood": 2,
        "residual_severity": 4,
        "owner": owner,
        "further_action": "",
    }
    values.update(overrides)
    return values


def add_risk(lead: User, version: AssessmentVersion, **overrides: Any) -> RiskEntry:
    return services.save_risk(acting_user=lead, version=version, **risk_values(lead, **overrides))


def signed_version(lead: User, governor: User, *, risks: int = 2) -> AssessmentVersion:
    version = services.start_version(acting_user=lead)
    for n in range(risks):
        add_risk(lead, version, description=f"Risk number {n + 1}.")
    services.submit_version(acting_user=lead, version=version)
    return services.sign_off(
        acting_user=governor,
        version=version,
        signer_name=governor.full_name,
        signed_on=timezone.localdate(),
        minute_reference="GB 26/01",
    )


def add_action(lead: User, entry: RiskEntry, *, deadline: date, **overrides: Any) -> ActionItem:
    values: dict[str, Any] = {
        "risk": entry.risk,
        "category": "policy",
        "action": "Publish the procedure.",
        "owner": lead,
        "deadline": deadline,
        "progress": "",
        "status": "not_started",
    }
    values.update(overrides)
    return services.save_action(acting_user=lead, **values)


def make_officer(institution: OrgUnit, **kwargs: Any) -> User:
    return factories.make_person_with_role(Role.FREE_SPEECH_OFFICER, institution, **kwargs)


def complaint_values(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "complainant_kind": "speaker",
        "complainant_name": "Dr Martin Hale",
        "complainant_email": "hale@example.net",
        "event_reference": "",
        "speaker_number": None,
        "matter_on": today - timedelta(days=5),
        "received_on": today - timedelta(days=2),
        "about": "My talk was cancelled.",
        "adverse_consequence": "I lost the chance to speak.",
    }
    values.update(overrides)
    return values


def make_complaint(officer: User, **overrides: Any) -> Complaint:
    return services.record_complaint(acting_user=officer, **complaint_values(**overrides))
