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
    # The resources library (podium.resources). Reading needs no capability: each
    # resource names the roles that may read it (or everyone signed in).
    MANAGE_RESOURCES = "resources.manage", "Keep the resources library: documents, links, contacts"
    # Staff Prevent training (podium.training).
    MANAGE_TRAINING = "training.manage", "Keep the staff directory, courses and completions"
    VIEW_TRAINING = "training.view", "See staff training status and the yearly counts"
    # The student event-organiser briefing (podium.training, briefings).
    VIEW_BRIEFINGS = "training.view_briefings", "See which student organisers are briefed"
    MANAGE_BRIEFINGS = (
        "training.manage_briefings",
        "Publish the student organiser briefing and record session attendance",
    )
    # Data protection (podium.privacy).
    MANAGE_PRIVACY = (
        "privacy.manage",
        "Keep the retention schedule, legal holds and breach log; run retention",
    )
    VIEW_PRIVACY = (
        "privacy.view",
        "Read the retention schedule, holds, runs, breach log and record of processing",
    )
    # Subject access requests (podium.subject_access).
    MANAGE_SUBJECT_ACCESS = (
        "subject_access.manage",
        "Log and answer subject access requests: search, redact, review, release",
    )
    VIEW_SUBJECT_ACCESS = "subject_access.view", "See the subject access request log"
    # Prevent concerns (podium.concerns). Sharing a concern needs no capability:
    # anyone signed in may. The case roles hold HANDLE_CONCERNS; nobody else sees a case.
    HANDLE_CONCERNS = "concerns.handle", "Read and work Prevent concern cases (the case roles)"
    VIEW_CONCERN_COUNTS = "concerns.view_counts", "See the yearly counts of Prevent cases"
    BREAK_GLASS_CONCERNS = "concerns.break_glass", "Ask for time-limited access to one case"
    MANAGE_REPORTABLE_EVENTS = "concerns.reportable_events", "Keep the reportable events register"
    CONFIGURE_CONCERNS = "concerns.configure", "Set concern guidance, lists and thresholds"
    # Information sharing with partners (podium.sharing).
    SHARE_INFORMATION = "sharing.share", "Record disclosures and speaker requests; send them"
    SIGN_OFF_SHARING = "sharing.sign_off", "Sign off outgoing disclosures; review urgent ones"
    VIEW_SHARING = "sharing.view", "Read the sharing log with the data shared"
    VIEW_SHARING_METADATA = "sharing.view_metadata", "Read the sharing log without the data shared"
    MANAGE_SHARING_REGISTERS = "sharing.manage_registers", "Keep partners, purposes and the policy"
    # The Podium-to-Podium exchange (podium.exchange).
    MANAGE_EXCHANGE_PEERS = (
        "exchange.manage_peers",
        "Register partner institutions' Podium instances, compare and trust their keys",
    )
    VIEW_EXCHANGE = (
        "exchange.view",
        "See Podium peers and the messages exchanged with them (not their contents)",
    )
    # Security-sensitive research (podium.research). Registering one's own project
    # needs no capability: any signed-in staff member or student may.
    APPROVE_RESEARCH = "research.approve", "Approve research registrations for the unit"
    OVERSEE_RESEARCH = "research.oversee", "See every research registration and the lookup log"
    LOOKUP_RESEARCH = "research.lookup", "Look up a person's research registrations, with a reason"
    CONFIGURE_RESEARCH = "research.configure", "Keep the lists of kinds of material and locations"
    # The institutional Prevent risk assessment and action plan (podium.governance).
    VIEW_RISK_ASSESSMENT = "governance.view_risk", "Read the Prevent risk assessment and actions"
    MANAGE_RISK_ASSESSMENT = (
        "governance.manage_risk",
        "Prepare versions of the risk assessment and keep the action plan",
    )
    SIGN_OFF_RISK_ASSESSMENT = (
        "governance.sign_off",
        "Sign off a version of the risk assessment for the governing body",
    )
    CONFIGURE_GOVERNANCE = "governance.configure", "Keep the risk topics and the RAG bands"
    # Free-speech complaints (podium.governance).
    MANAGE_COMPLAINTS = "governance.manage_complaints", "Record and follow free-speech complaints"
    VIEW_COMPLAINTS = "governance.view_complaints", "Read the free-speech complaints register"
    MANAGE_CODE = (
        "governance.manage_code",
        "Prepare and publish the free-speech code of practice; record notices to students",
    )
    # Reporting (podium.reporting): the regulator's return, dashboards, transparency.
    VIEW_RETURN = "reporting.view_return", "Read the Prevent return for a year and its records"
    SIGN_OFF_RETURN = "reporting.sign_off", "Sign off the year's return for the governing body"
    VIEW_DASHBOARDS = "reporting.view_dashboards", "Read the Prevent dashboards and charts"
    # Training compliance by unit is not the head of security's business (least access).
    VIEW_TRAINING_DASHBOARD = (
        "reporting.view_training_dashboard",
        "Read the training compliance dashboard",
    )
    PUBLISH_TRANSPARENCY = (
        "reporting.publish_transparency",
        "Publish the year's free-speech transparency report",
    )


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
            Capability.VIEW_BRIEFINGS,
            Capability.MANAGE_BRIEFINGS,
            Capability.CONFIGURE_CONCERNS,
            Capability.MANAGE_SHARING_REGISTERS,
            Capability.MANAGE_EXCHANGE_PEERS,
            Capability.VIEW_EXCHANGE,
            Capability.CONFIGURE_RESEARCH,
            Capability.CONFIGURE_GOVERNANCE,
            Capability.PUBLISH_TRANSPARENCY,
            Capability.MANAGE_RESOURCES,
        }
    ),
    # The auditor reads everything an administrator can see, and changes nothing.
    Role.AUDITOR: frozenset(
        {
            Capability.VIEW_PEOPLE,
            Capability.VIEW_AUDIT,
            Capability.VIEW_EVENT_CALENDAR,
            Capability.VIEW_TRAINING,
            Capability.VIEW_BRIEFINGS,
            Capability.VIEW_PRIVACY,
            Capability.VIEW_SUBJECT_ACCESS,
            Capability.VIEW_CONCERN_COUNTS,
            Capability.VIEW_SHARING_METADATA,
            Capability.VIEW_EXCHANGE,
            Capability.VIEW_RISK_ASSESSMENT,
            Capability.VIEW_COMPLAINTS,
            Capability.VIEW_RETURN,
            Capability.VIEW_DASHBOARDS,
            Capability.VIEW_TRAINING_DASHBOARD,
        }
    ),
    Role.ORGANISER: frozenset({Capability.REQUEST_EVENTS}),
    # The students' union runs the student event-organiser briefing: it publishes
    # the text, records who attended a session, and sees who is briefed.
    Role.SU_REVIEWER: frozenset(
        {Capability.REVIEW_EVENTS, Capability.VIEW_BRIEFINGS, Capability.MANAGE_BRIEFINGS}
    ),
    Role.EVENTS_OFFICER: frozenset({Capability.REVIEW_EVENTS, Capability.VIEW_EVENT_CALENDAR}),
    # The Prevent lead answers for the institution's Prevent training: they read
    # compliance (the dashboard, status lists, yearly counts), and change nothing.
    # The case roles for Prevent concerns are the Prevent lead and the safeguarding
    # officer (HANDLE_CONCERNS); the Prevent lead also keeps the reportable events,
    # and prepares the institutional risk assessment and keeps its action plan.
    Role.PREVENT_LEAD: frozenset(
        {
            Capability.REVIEW_EVENTS,
            Capability.VIEW_EVENT_CALENDAR,
            Capability.VIEW_TRAINING,
            Capability.HANDLE_CONCERNS,
            Capability.VIEW_CONCERN_COUNTS,
            Capability.MANAGE_REPORTABLE_EVENTS,
            Capability.SHARE_INFORMATION,
            Capability.VIEW_SHARING,
            Capability.LOOKUP_RESEARCH,
            Capability.VIEW_RISK_ASSESSMENT,
            Capability.MANAGE_RISK_ASSESSMENT,
            Capability.VIEW_RETURN,
            Capability.VIEW_DASHBOARDS,
            Capability.VIEW_TRAINING_DASHBOARD,
        }
    ),
    Role.SAFEGUARDING_OFFICER: frozenset(
        {Capability.HANDLE_CONCERNS, Capability.VIEW_CONCERN_COUNTS, Capability.VIEW_SHARING}
    ),
    Role.ESCALATION_PANEL: frozenset({Capability.REVIEW_EVENTS}),
    # The free-speech officer also keeps the free-speech complaints register.
    Role.FREE_SPEECH_OFFICER: frozenset(
        {
            Capability.REVIEW_EVENTS,
            Capability.MANAGE_COMPLAINTS,
            Capability.VIEW_COMPLAINTS,
            Capability.MANAGE_CODE,
            Capability.PUBLISH_TRANSPARENCY,
        }
    ),
    Role.HEAD_OF_SECURITY: frozenset(
        {
            Capability.VIEW_EVENT_CALENDAR,
            Capability.RECORD_INCIDENTS,
            Capability.BREAK_GLASS_CONCERNS,
            Capability.SHARE_INFORMATION,
            Capability.VIEW_SHARING,
            Capability.LOOKUP_RESEARCH,
            Capability.VIEW_DASHBOARDS,
        }
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
    # The governing body member reads the risk assessment and signs versions off,
    # reads the year's return and the dashboards, and signs the return off.
    Role.GOVERNOR: frozenset(
        {
            Capability.VIEW_RISK_ASSESSMENT,
            Capability.SIGN_OFF_RISK_ASSESSMENT,
            Capability.VIEW_RETURN,
            Capability.SIGN_OFF_RETURN,
            Capability.VIEW_DASHBOARDS,
            Capability.VIEW_TRAINING_DASHBOARD,
        }
    ),
    # The data protection officer keeps retention, holds and breaches, answers
    # subject access requests (UK GDPR Art 5(1)(e), 15, 30, 33) and signs off sharing.
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {
            Capability.MANAGE_PRIVACY,
            Capability.VIEW_PRIVACY,
            Capability.MANAGE_SUBJECT_ACCESS,
            Capability.VIEW_SUBJECT_ACCESS,
            # The DPO signs off outgoing disclosures and keeps the sharing registers.
            Capability.SIGN_OFF_SHARING,
            Capability.VIEW_SHARING,
            Capability.MANAGE_SHARING_REGISTERS,
        }
    ),
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
