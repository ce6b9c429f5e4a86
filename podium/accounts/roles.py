"""The roles a person can hold over an organisational unit, and what each may do.

Roles come from PRODUCT.md. Capabilities are what the code asks about; a role is
only ever a bundle of capabilities, so a view never asks "is this a Prevent lead?"
but "may this person do X here?" (see `permissions.py`).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ORGANISER = "organiser", "Organiser"
    SU_REVIEWER = "su_reviewer", "Students' union reviewer"
    EVENTS_OFFICER = "events_officer", "Events and bookings officer"
    PREVENT_LEAD = "prevent_lead", "Prevent lead"
    HEAD_OF_SECURITY = "head_of_security", "Head of security"
    FREE_SPEECH_OFFICER = "free_speech_officer", "Free-speech officer"
    ESCALATION_PANEL = "escalation_panel", "Escalation panel member"
    APPEAL_DECIDER = "appeal_decider", "Appeal decision-maker"
    SAFEGUARDING_OFFICER = "safeguarding_officer", "Safeguarding officer"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"
    RESEARCH_GOVERNANCE = "research_governance", "Research governance officer"
    TRAINING_ADMINISTRATOR = "training_administrator", "Training administrator"
    LINE_MANAGER = "line_manager", "Line manager"
    GOVERNOR = "governor", "Governing body member"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


class Capability(models.TextChoices):
    """Things a person may be allowed to do within a unit."""

    MANAGE_UNITS = "accounts.manage_units", "Manage organisational units"
    MANAGE_USERS = "accounts.manage_users", "Manage people and their sign-in"
    MANAGE_ROLES = "accounts.manage_roles", "Grant and revoke roles"
    VIEW_PEOPLE = "accounts.view_people", "See people and the roles they hold"
    VIEW_AUDIT = "audit.view", "Read the audit log"
    MANAGE_SECURITY = "accounts.manage_security", "Set sign-in rules such as mandatory MFA"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.MANAGE_UNITS,
            Capability.MANAGE_USERS,
            Capability.MANAGE_ROLES,
            Capability.VIEW_PEOPLE,
            Capability.VIEW_AUDIT,
            Capability.MANAGE_SECURITY,
        }
    ),
    # The auditor reads everything an administrator can see, and changes nothing.
    Role.AUDITOR: frozenset({Capability.VIEW_PEOPLE, Capability.VIEW_AUDIT}),
}


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(Role(role), frozenset())


def roles_with(capability: Capability) -> list[Role]:
    return [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]
