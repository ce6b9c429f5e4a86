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
    # Events and external speakers (podium.events).
    REQUEST_EVENTS = "events.request", "Request events for the unit"
    REVIEW_EVENTS = "events.review", "Review event requests: read, ask, note, escalate, decide"
    DECIDE_APPEALS = "events.decide_appeal", "Decide appeals against event decisions"
    CONFIGURE_EVENTS = "events.configure", "Set notice, screening, risk, routing and mitigations"
    VIEW_EVENT_CALENDAR = "events.view_calendar", "See the security operations calendar"
    RECORD_INCIDENTS = "events.record_incident", "Log incidents at events"
    # Staff Prevent training (podium.training).
    MANAGE_TRAINING = "training.manage", "Keep the staff directory, courses and completions"
    VIEW_TRAINING = "training.view", "See staff training status and the yearly counts"
    # Security-sensitive research (podium.research). Registering one's own project
    # needs no capability: any signed-in staff member or student may.
    APPROVE_RESEARCH = "research.approve", "Approve research registrations for the unit"
    OVERSEE_RESEARCH = "research.oversee", "See every research registration and the lookup log"
    LOOKUP_RESEARCH = "research.lookup", "Look up a person's research registrations, with a reason"
    CONFIGURE_RESEARCH = "research.configure", "Keep the lists of kinds of material and locations"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.MANAGE_UNITS,
            Capability.MANAGE_USERS,
            Capability.MANAGE_ROLES,
            Capability.VIEW_PEOPLE,
            Capability.VIEW_AUDIT,
            Capability.MANAGE_SECURITY,
            Capability.CONFIGURE_EVENTS,
            Capability.VIEW_EVENT_CALENDAR,
            Capability.MANAGE_TRAINING,
            Capability.VIEW_TRAINING,
            Capability.CONFIGURE_RESEARCH,
        }
    ),
    # The auditor reads everything an administrator can see, and changes nothing.
    Role.AUDITOR: frozenset(
        {
            Capability.VIEW_PEOPLE,
            Capability.VIEW_AUDIT,
            Capability.VIEW_EVENT_CALENDAR,
            Capability.VIEW_TRAINING,
        }
    ),
    Role.ORGANISER: frozenset({Capability.REQUEST_EVENTS}),
    Role.SU_REVIEWER: frozenset({Capability.REVIEW_EVENTS}),
    Role.EVENTS_OFFICER: frozenset({Capability.REVIEW_EVENTS, Capability.VIEW_EVENT_CALENDAR}),
    # The Prevent lead answers for the institution's Prevent training: they read
    # compliance (the dashboard, status lists, yearly counts), and change nothing.
    Role.PREVENT_LEAD: frozenset(
        {
            Capability.REVIEW_EVENTS,
            Capability.VIEW_EVENT_CALENDAR,
            Capability.VIEW_TRAINING,
            Capability.LOOKUP_RESEARCH,
        }
    ),
    Role.ESCALATION_PANEL: frozenset({Capability.REVIEW_EVENTS}),
    Role.FREE_SPEECH_OFFICER: frozenset({Capability.REVIEW_EVENTS}),
    Role.HEAD_OF_SECURITY: frozenset(
        {Capability.VIEW_EVENT_CALENDAR, Capability.RECORD_INCIDENTS, Capability.LOOKUP_RESEARCH}
    ),
    # The research governance officer is the department's approver for the units
    # they hold the role over (granted per department or institution-wide), sees
    # every registration there, and reads the lookup log.
    Role.RESEARCH_GOVERNANCE: frozenset(
        {
            Capability.APPROVE_RESEARCH,
            Capability.OVERSEE_RESEARCH,
            Capability.LOOKUP_RESEARCH,
        }
    ),
    Role.APPEAL_DECIDER: frozenset({Capability.DECIDE_APPEALS}),
    Role.TRAINING_ADMINISTRATOR: frozenset({Capability.MANAGE_TRAINING, Capability.VIEW_TRAINING}),
    Role.LINE_MANAGER: frozenset({Capability.VIEW_TRAINING}),
}


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(Role(role), frozenset())


def roles_with(capability: Capability) -> list[Role]:
    return [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]


# Roles that decide event requests or appeals. Granting one is told to the other
# administrators and the Prevent leads (`extensions.on_deciding_role_granted`), and
# listed under "Recent grants of deciding roles" on the people page: an
# administrator cannot quietly make themselves a decision-maker.
DECIDING_ROLES: frozenset[Role] = frozenset(
    role
    for role, capabilities in ROLE_CAPABILITIES.items()
    if capabilities & {Capability.REVIEW_EVENTS, Capability.DECIDE_APPEALS}
)
