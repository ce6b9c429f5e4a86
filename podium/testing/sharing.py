"""Test helpers for information sharing (podium.sharing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.sharing import services
from podium.sharing.models import Direction, LawfulBasis, Method, Partner, Purpose, Subject
from podium.speakers import services as speaker_services
from podium.speakers.models import Speaker
from podium.testing.factories import make_person_with_role


@dataclass
class Sharing:
    prevent: User
    security: User
    dpo: User
    safeguarding: User
    admin: User
    partner: Partner
    other_partner: Partner
    purpose: Purpose
    speaker: Speaker


def make_sharing(institution: OrgUnit) -> Sharing:
    admin = make_person_with_role(Role.ADMINISTRATOR, institution, full_name="Ada Admin")
    prevent = make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent")
    security = make_person_with_role(Role.HEAD_OF_SECURITY, institution, full_name="Sid Security")
    dpo = make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution, full_name="Dee Dpo")
    safeguarding = make_person_with_role(
        Role.SAFEGUARDING_OFFICER, institution, full_name="Sam Safe"
    )
    partner = services.save_partner(
        acting_user=admin,
        partner=None,
        name="University of Northshire",
        kind="university",
        contact_name="Dr Blake",
        contact_route="prevent@northshire.ac.uk",
        is_active=True,
    )
    other = services.save_partner(
        acting_user=admin,
        partner=None,
        name="AUCSO North West",
        kind="aucso",
        contact_name="Chair",
        contact_route="chair@aucso.example.org",
        is_active=True,
    )
    purpose = services.save_purpose(
        acting_user=admin, purpose=None, name="Assessing an external speaker", is_active=True
    )
    speaker = speaker_services.create_speaker(
        acting_user=prevent,
        facts=speaker_services.SpeakerFacts(
            name="Dr Jane Visiting",
            affiliations="University of Elsewhere",
            links="https://example.org/jane",
            email="jane@example.org",
            phone="01234 567890",
            notes="Private note",
        ),
    )
    return Sharing(prevent, security, dpo, safeguarding, admin, partner, other, purpose, speaker)


def facts(s: Sharing, **overrides: Any) -> services.DisclosureFacts:
    """A complete outgoing disclosure about `s.speaker`, ticking name and affiliations."""
    values: dict[str, Any] = {
        "direction": Direction.OUTGOING,
        "partner": s.partner,
        "subject": Subject.SPEAKER,
        "speaker_id": s.speaker.pk,
        "purpose": s.purpose,
        "necessity": "They are assessing the same speaker.",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "one_off_reason": "No agreement covers this.",
        "decision_maker": s.prevent,
        "method": Method.SECURE_EMAIL,
        "shared_on": date(2026, 11, 2),
        "fields_shared": ["name", "affiliations"],
    }
    values.update(overrides)
    return services.DisclosureFacts(**values)


def form_data(s: Sharing, **overrides: Any) -> dict[str, Any]:
    """The disclosure form's POST data for `facts(s)` (ticking name and affiliations)."""
    data: dict[str, Any] = {
        "partner": s.partner.pk,
        "fields_shared": ["name", "affiliations"],
        "purpose": s.purpose.pk,
        "necessity": "They are assessing the same speaker.",
        "lawful_basis": "public_task",
        "one_off_reason": "No agreement covers this.",
        "decision_maker": s.prevent.pk,
        "method": "secure_email",
        "shared_on": "2026-11-02",
    }
    data.update(overrides)
    return data
