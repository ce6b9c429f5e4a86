"""Every URL pattern × every persona (QUALITY.md, security).

Logged out -> sign-in redirect; missing capability -> 403; record outside the
person's scope -> 404. A URL pattern missing from MATRIX fails the suite, so a new
page cannot ship without saying who may see it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import OrgUnit, UnitKind
from podium.accounts.roles import Role, roles_with
from podium.api.services import create_token
from podium.events.access import SEEING, SEEING_ALL_IN_SCOPE
from podium.events.calendar.services import replace_calendar_feed
from podium.events.models import Campus, ClosureDay, EventRequest
from podium.events.services import decide, lodge_appeal, withdraw_request
from podium.events.tests.policy_setup import reset_policy
from podium.governance import services as governance
from podium.governance.models import RiskTopic
from podium.privacy import services as privacy
from podium.testing import factories
from podium.testing import research as research_testing
from podium.testing.events import approval, make_request
from podium.testing.governance import (
    add_action,
    add_risk,
    make_complaint,
    make_lead,
    make_officer,
)
from podium.testing.module_rows import World, module_world
from podium.testing.personas import PERSONA_NAMES, Personas, client_for
from podium.testing.subject_access import reviewed_request
from podium.testing.training import (
    COMPLETION_HEADER,
    csv_upload,
    make_course,
    make_group,
    make_requirement,
    make_staff,
)
from podium.testing.urls import url_names
from podium.training import services as training

LOGIN = "login"  # a redirect to the sign-in page
OK = "ok"  # 200 for GET; a redirect other than to sign-in for POST
REAUTH = "reauth"  # a redirect to "confirm it is you" (allauth's reauthentication)
ALL_SIGNED_IN = dict.fromkeys(PERSONA_NAMES[1:], OK)


@dataclass
class Objects:
    """Records the URLs point at: all outside `faculty`, the faculty admin's scope."""

    unit: OrgUnit
    person_pk: int
    role_pk: int
    token_pk: int  # someone else's API token
    sso_pk: int
    saml_pk: int
    own_event_pk: int  # the organiser persona's own draft request
    event_pk: int  # a request decided with a condition, outside the faculty
    condition_pk: int
    policy: dict[str, int]  # events policy records by URL name stem, e.g. "closure-day"
    training: dict[str, int] = field(default_factory=dict)  # staff training records by kind
    privacy: dict[str, int] = field(default_factory=dict)  # a breach, hold and retention run
    sharing: dict[str, int] = field(default_factory=dict)  # information sharing records by kind
    governance: dict[str, int] = field(default_factory=dict)  # risk assessment records by kind
    feed_key: str = ""  # someone's private calendar feed address
    sar_pk: int = 0  # a subject access request, reviewed (its downloads exist)
    concerns: dict[str, int] = field(default_factory=dict)  # a Prevent case and an event
    research: dict[str, int] = field(default_factory=dict)  # research register records
    resources: dict[str, int] = field(default_factory=dict)  # the resources library


@dataclass
class Case:
    expected: dict[str, Any]
    kwargs: Callable[[Objects], dict[str, Any]] = field(default=lambda o: {})
    method: str = "get"


def signed_in(**overrides: Any) -> dict[str, Any]:
    """Anonymous -> sign-in; everyone else OK unless overridden."""
    return {"anonymous": LOGIN, **ALL_SIGNED_IN, **overrides}


def only(*allowed: str, scoped_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """Anonymous -> sign-in; `allowed` OK; `scoped_out` 404; everyone else 403."""
    expected: dict[str, Any] = {"anonymous": LOGIN}
    for name in PERSONA_NAMES[1:]:
        expected[name] = OK if name in allowed else 404 if name in scoped_out else 403
    return expected


EVERYONE = dict.fromkeys(PERSONA_NAMES, OK)
NO_SESSION = dict.fromkeys(PERSONA_NAMES, 401)
UNIT = lambda o: {"pk": o.unit.pk}  # noqa: E731
PERSON = lambda o: {"pk": o.person_pk}  # noqa: E731
NO_SUCH_IDP = lambda o: {"organization_slug": "nope"}  # noqa: E731
OWN_EVENT = lambda o: {"pk": o.own_event_pk}  # noqa: E731
ALL_PERSONAS = tuple(PERSONA_NAMES[1:])
OTHERS = tuple(name for name in ALL_PERSONAS if name != "organiser")


SAR = lambda o: {"pk": o.sar_pk}  # noqa: E731
NONE: Callable[[Objects], dict[str, Any]] = lambda o: {}  # noqa: E731


def TRAINING(kind: str) -> Callable[[Objects], dict[str, int]]:
    return lambda o: {"pk": o.training[kind]}


def PRIVACY(kind: str) -> Callable[[Objects], dict[str, int]]:
    return lambda o: {"pk": o.privacy[kind]}


RECORD_TYPE = lambda o: {"record_type": "notify.message"}  # noqa: E731


def CONCERN(kind: str) -> Callable[[Objects], dict[str, int]]:
    return lambda o: {"pk": o.concerns[kind]}


def SHARING(kind: str) -> Callable[[Objects], dict[str, int]]:
    return lambda o: {"pk": o.sharing[kind]}


def RESEARCH(kind: str) -> Callable[[Objects], dict[str, Any]]:
    return lambda o: {"pk": o.research[kind]}


def RESOURCE(kind: str) -> Callable[[Objects], dict[str, Any]]:
    return lambda o: {"pk": o.resources[kind]}


def GOVERNANCE(kind: str) -> Callable[[Objects], dict[str, int]]:
    return lambda o: {"pk": o.governance[kind]}


def policy_record(kind: str) -> Callable[[Objects], dict[str, Any]]:
    return lambda o: {"pk": o.policy[kind]}


# The events policy pages: administrators over the whole institution only.
EVENTS_POLICY: dict[str, Case] = (
    {
        f"events:policy-{name}": Case(only("admin"))
        for name in [
            "overview",
            "settings",
            "closure-days",
            "event-types",
            "notice-periods",
            "campuses",
            "risk",
            "risk-matrix",
            "questions",
            "routing-rules",
            "routing-rule-add",
            "mitigations",
        ]
    }
    | {
        f"events:policy-{kind}-{action}": Case(
            only("admin"), kwargs=policy_record(kind) if action == "edit" else lambda o: {}
        )
        for kind in [
            "closure-day",
            "event-type",
            "notice-period",
            "campus",
            "risk-level",
            "question",
            "mitigation",
        ]
        for action in ["add", "edit"]
    }
    | {
        "events:policy-routing-rule-edit": Case(
            only("admin"), kwargs=policy_record("routing-rule")
        ),
        "events:policy-closure-day-delete": Case(
            only("admin"), kwargs=policy_record("closure-day"), method="post"
        ),
        "events:policy-notice-period-delete": Case(
            only("admin"), kwargs=policy_record("notice-period"), method="post"
        ),
    }
)

MATRIX: dict[str, Case] = {
    "core:home": Case(signed_in()),
    "core:accessibility": Case(EVERYONE),
    # The icon, for clients that ask for /favicon.ico: a permanent redirect for all.
    "core:favicon": Case(dict.fromkeys(PERSONA_NAMES, 301)),
    # Sign-in, password and two-factor pages (django-allauth, podium/accounts/signin_urls.py).
    "account_login": Case({"anonymous": OK, **dict.fromkeys(PERSONA_NAMES[1:], 302)}),
    "account_logout": Case(EVERYONE, method="post"),
    "account_inactive": Case(EVERYONE),
    "account_reauthenticate": Case(signed_in()),
    "account_change_password": Case(signed_in()),
    "account_reset_password": Case(EVERYONE),
    "account_reset_password_done": Case(EVERYONE),
    "account_reset_password_from_key": Case(
        EVERYONE, kwargs=lambda o: {"uidb36": "1", "key": "not-a-token"}
    ),
    "account_reset_password_from_key_done": Case(EVERYONE),
    # Only between password and code; anyone else is sent on (302).
    "mfa_authenticate": Case(dict.fromkeys(PERSONA_NAMES, 302)),
    "mfa_index": Case(signed_in()),
    "mfa_reauthenticate": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], REAUTH))),
    "mfa_activate_totp": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], REAUTH))),
    # The personas have no authenticator yet: nothing to turn off or show (404).
    "mfa_deactivate_totp": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], 404))),
    "mfa_view_recovery_codes": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], 404))),
    "mfa_download_recovery_codes": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], 404))),
    "mfa_generate_recovery_codes": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], REAUTH))),
    # Security keys and passkeys (WebAuthn). Adding or removing one asks "confirm it
    # is you" first; another person's key (or none) is then 404.
    "mfa_list_webauthn": Case(signed_in()),
    "mfa_add_webauthn": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], REAUTH))),
    "mfa_remove_webauthn": Case(
        signed_in(**dict.fromkeys(PERSONA_NAMES[1:], REAUTH)), kwargs=lambda o: {"pk": 999999}
    ),
    # Without a key it sends people to confirm with their password instead.
    "mfa_reauthenticate_webauthn": Case(signed_in(**dict.fromkeys(PERSONA_NAMES[1:], REAUTH))),
    # The passkey sign-in answers scripts (JSON) and POSTs; a page visit goes to sign-in.
    "mfa_login_webauthn": Case(dict.fromkeys(PERSONA_NAMES, 302)),
    "usersessions_list": Case(signed_in()),
    "accounts:security-settings": Case(only("admin")),
    # Single sign-on: an unknown provider is 404 for everyone; a callback without
    # a sign-in in progress is a 401 error page; the cancelled page is public.
    "openid_connect_login": Case(
        dict.fromkeys(PERSONA_NAMES, 404), kwargs=lambda o: {"provider_id": "nope"}, method="post"
    ),
    "openid_connect_callback": Case(
        dict.fromkeys(PERSONA_NAMES, 404), kwargs=lambda o: {"provider_id": "nope"}
    ),
    # SAML: an unknown identity provider is 404 for everyone, on every URL.
    "saml_login": Case(dict.fromkeys(PERSONA_NAMES, 404), kwargs=NO_SUCH_IDP, method="post"),
    # The ACS only stashes what the IdP posted and redirects to finish, which checks.
    "saml_acs": Case(EVERYONE, kwargs=NO_SUCH_IDP, method="post"),
    "saml_finish_acs": Case(dict.fromkeys(PERSONA_NAMES, 404), kwargs=NO_SUCH_IDP),
    "saml_sls": Case(dict.fromkeys(PERSONA_NAMES, 404), kwargs=NO_SUCH_IDP),
    "saml_metadata": Case(dict.fromkeys(PERSONA_NAMES, 404), kwargs=NO_SUCH_IDP),
    "accounts:saml-provider-create": Case(only("admin")),
    "accounts:saml-provider-edit": Case(only("admin"), kwargs=lambda o: {"pk": o.saml_pk}),
    "socialaccount_login_cancelled": Case(EVERYONE),
    "socialaccount_login_error": Case(dict.fromkeys(PERSONA_NAMES, 401)),
    "accounts:sso-provider-list": Case(only("admin")),
    "accounts:sso-provider-create": Case(only("admin")),
    "accounts:sso-provider-edit": Case(only("admin"), kwargs=lambda o: {"pk": o.sso_pk}),
    "accounts:session-keepalive": Case(
        signed_in(**dict.fromkeys(PERSONA_NAMES[1:], 204)), method="post"
    ),
    "accounts:unit-list": Case(only("admin", "faculty_admin", "auditor")),
    "accounts:unit-create": Case(only("admin", "faculty_admin")),
    "accounts:unit-detail": Case(
        only("admin", "auditor", scoped_out=("faculty_admin",)), kwargs=UNIT
    ),
    "accounts:unit-edit": Case(only("admin", scoped_out=("faculty_admin",)), kwargs=UNIT),
    "accounts:unit-grant-role": Case(only("admin", scoped_out=("faculty_admin",)), kwargs=UNIT),
    "accounts:role-revoke": Case(
        only("admin", scoped_out=("faculty_admin",)),
        kwargs=lambda o: {"pk": o.role_pk},
        method="post",
    ),
    "accounts:user-list": Case(only("admin", "auditor")),
    "accounts:user-create": Case(only("admin")),
    "accounts:user-detail": Case(only("admin", "auditor"), kwargs=PERSON),
    "accounts:user-edit": Case(only("admin"), kwargs=PERSON),
    "accounts:user-deactivate": Case(only("admin"), kwargs=PERSON, method="post"),
    "accounts:user-reactivate": Case(only("admin"), kwargs=PERSON, method="post"),
    "audit:entry-list": Case(only("admin", "faculty_admin", "auditor")),
    # API tokens: each person's own; anyone else's answers 404.
    "api:token-list": Case(signed_in()),
    "api:token-create": Case(signed_in()),
    "api:token-revoke": Case(
        {"anonymous": LOGIN, **dict.fromkeys(PERSONA_NAMES[1:], 404)},
        kwargs=lambda o: {"pk": o.token_pk},
        method="post",
    ),
    "api:docs": Case(EVERYONE),
    # The security operations calendar (podium/events/calendar/urls.py).
    "events:calendar": Case(only("admin", "faculty_admin", "auditor")),
    "events:calendar-feed-settings": Case(only("admin", "faculty_admin", "auditor", "organiser")),
    # By design: calendar programs cannot sign in, so the unguessable address is the
    # credential (an unknown or replaced one is 404: podium/events/tests/test_calendar.py).
    "events:calendar-feed": Case(EVERYONE, kwargs=lambda o: {"key": o.feed_key}),
    # /api/v1/ accepts only bearer tokens: a session cookie authenticates nothing there
    # (so no CSRF). tests/test_api_matrix.py checks every operation with tokens.
    "api-v1:openapi-json": Case(EVERYONE),
    "api-v1:api-root": Case(dict.fromkeys(PERSONA_NAMES, 404)),
    "api-v1:me": Case(NO_SESSION),
    "api-v1:units": Case(NO_SESSION, method="post"),
    # Signed by a peer's key, never a session or a token (podium/exchange).
    "api-v1:exchange-messages": Case(NO_SESSION, method="post"),
    "api-v1:briefings": Case(NO_SESSION),
    "api-v1:briefing-attendances": Case(NO_SESSION, method="post"),
    "api-v1:unit": Case(NO_SESSION, kwargs=UNIT),
    "api-v1:users": Case(NO_SESSION, method="post"),
    "api-v1:user": Case(NO_SESSION, kwargs=PERSON),
    "api-v1:user-deactivate": Case(NO_SESSION, kwargs=PERSON, method="post"),
    "api-v1:user-reactivate": Case(NO_SESSION, kwargs=PERSON, method="post"),
    "api-v1:role-assignments": Case(NO_SESSION, method="post"),
    "api-v1:role-assignment-revoke": Case(
        NO_SESSION, kwargs=lambda o: {"pk": o.role_pk}, method="post"
    ),
    # Staff training (podium/training): a staff member, completion and import outside
    # the faculty; imports, courses, requirements and groups are institution-wide.
    **{
        f"training:{name}": Case(only("admin", "faculty_admin", "auditor"))
        for name in [
            "dashboard",
            "status-list",
            "status-export",
            "unit-export",
            "staff-list",
            "returns",
        ]
    },
    "training:returns-detail": Case(only("admin", "faculty_admin", "auditor")),
    # The student event-organiser briefing: anyone signed in reads and confirms it;
    # the list is for those who see briefings (its rows are scoped to their units);
    # recording sessions and publishing versions for those who manage them.
    "training:briefing": Case(signed_in()),
    "training:briefing-organisers": Case(only("admin", "faculty_admin", "auditor")),
    "training:briefing-attendance": Case(only("admin", "faculty_admin")),
    "training:briefing-versions": Case(only("admin", "faculty_admin")),
    "training:staff-detail": Case(
        only("admin", "auditor", scoped_out=("faculty_admin",)), kwargs=TRAINING("staff")
    ),
    "training:completion-create": Case(
        only("admin", scoped_out=("faculty_admin",)), kwargs=TRAINING("staff")
    ),
    "training:evidence": Case(
        only("admin", "auditor", scoped_out=("faculty_admin",)), kwargs=TRAINING("completion")
    ),
    "training:import-list": Case(only("admin")),
    "training:import-detail": Case(only("admin"), kwargs=TRAINING("import")),
    "training:course-list": Case(only("admin")),
    "training:course-edit": Case(only("admin"), kwargs=TRAINING("course")),
    "training:requirement-list": Case(only("admin")),
    "training:requirement-edit": Case(only("admin"), kwargs=TRAINING("requirement")),
    "training:requirement-delete": Case(
        only("admin"), kwargs=TRAINING("requirement"), method="post"
    ),
    "training:group-list": Case(only("admin")),
    "training:group-edit": Case(only("admin"), kwargs=TRAINING("group")),
    # Subject access requests (podium/subject_access): the DPO's (no persona here holds
    # the role; podium/subject_access/tests/test_views.py covers the DPO); the auditor
    # reads the log, a request and its export review.
    **{
        f"subject_access:{name}": Case(only("auditor"), kwargs=SAR if name != "list" else NONE)
        for name in ["list", "detail", "export"]
    },
    **{
        f"subject_access:{name}": Case(only(), kwargs=SAR, method="post")
        for name in [
            "identity",
            "stop-clock",
            "restart-clock",
            "extend",
            "search",
            "decide",
            "withhold",
            "remove-withholding",
            "review",
            "release",
        ]
    },
    "subject_access:create": Case(only()),
    "subject_access:document": Case(only(), kwargs=SAR),
    "subject_access:bundle": Case(only(), kwargs=SAR),
    "api-v1:subject-access-requests": Case(NO_SESSION),
    "api-v1:subject-access-request": Case(NO_SESSION, kwargs=SAR),
    # Prevent concerns (podium/concerns): anyone signed in shares; a case is 404 for
    # everyone outside the case roles (none of the personas), administrators and
    # auditors included; the auditor sees the yearly counts.
    "concerns:share": Case(signed_in()),
    "concerns:shared": Case(signed_in()),
    "concerns:case-list": Case(only(scoped_out=ALL_PERSONAS)),
    "concerns:case-detail": Case(only(scoped_out=ALL_PERSONAS), kwargs=CONCERN("case")),
    "concerns:case-update": Case(
        only(scoped_out=ALL_PERSONAS), kwargs=CONCERN("case"), method="post"
    ),
    "concerns:note-add": Case(only(scoped_out=ALL_PERSONAS), kwargs=CONCERN("case"), method="post"),
    "concerns:identity": Case(only(scoped_out=ALL_PERSONAS), kwargs=CONCERN("case")),
    "concerns:break-glass": Case(only()),
    "concerns:break-glass-uses": Case(only(scoped_out=ALL_PERSONAS)),
    "concerns:counts": Case(only("auditor")),
    "concerns:event-list": Case(only()),
    "concerns:event-edit": Case(only(), kwargs=CONCERN("event")),
    "concerns:action-add": Case(only(), kwargs=CONCERN("event"), method="post"),
    "concerns:action-done": Case(
        only(),
        kwargs=lambda o: {"pk": o.concerns["event"], "action_pk": o.concerns["action"]},
        method="post",
    ),
    "concerns:settings": Case(only("admin")),
    "api-v1:concerns-cases": Case(NO_SESSION),
    "api-v1:concerns-case": Case(NO_SESSION, kwargs=CONCERN("case")),
    "api-v1:training-staff": Case(NO_SESSION),
    # Data protection (podium/privacy): the DPO (not a persona here: see
    # test_the_dpo_reaches_every_privacy_page) changes; the auditor reads.
    **{
        f"privacy:{name}": Case(only("auditor"))
        for name in ["overview", "schedule", "run-list", "hold-list", "breach-list", "ropa"]
    },
    "privacy:run-detail": Case(only("auditor"), kwargs=PRIVACY("run")),
    "privacy:hold-detail": Case(only("auditor"), kwargs=PRIVACY("hold")),
    "privacy:breach-detail": Case(only("auditor"), kwargs=PRIVACY("breach")),
    "privacy:rule-edit": Case(only(), kwargs=RECORD_TYPE),
    "privacy:rule-reset": Case(only(), kwargs=RECORD_TYPE, method="post"),
    "privacy:dry-run": Case(only(), method="post"),
    "privacy:run-now": Case(only(), method="post"),
    "privacy:breach-create": Case(only()),
    "privacy:breach-edit": Case(only(), kwargs=PRIVACY("breach")),
    "api-v1:training-staff-member": Case(NO_SESSION, kwargs=TRAINING("staff")),
    "api-v1:training-completions": Case(NO_SESSION, method="post"),
    "api-v1:training-completions-bulk": Case(NO_SESSION, method="post"),
    # Security-sensitive research (podium/research): anyone signed in registers and
    # lists their own; someone else's registration is out of every persona's scope
    # (no persona approves or oversees research); the lookup and its log need a
    # research role; the lists are the administrator's, institution-wide.
    "research:list": Case(signed_in()),
    "research:create": Case(signed_in()),
    "research:detail": Case(only(scoped_out=ALL_PERSONAS), kwargs=RESEARCH("registration")),
    **{
        f"research:{action}": Case(
            only(scoped_out=ALL_PERSONAS), kwargs=RESEARCH("registration"), method="post"
        )
        for action in ["approve", "decline", "close", "renew"]
    },
    "research:lookup": Case(only()),
    "research:lookup-log": Case(only()),
    "research:lists": Case(only("admin")),
    "research:list-toggle": Case(
        only("admin"),
        kwargs=lambda o: {"kind": "material", "pk": o.research["material"]},
        method="post",
    ),
    "api-v1:research-registrations": Case(NO_SESSION),
    "api-v1:research-registration": Case(NO_SESSION, kwargs=RESEARCH("registration")),
    "api-v1:research-lookups": Case(NO_SESSION, method="post"),
    # The Prevent risk assessment (podium/governance): the Prevent lead prepares, a
    # governor signs off (neither among the personas); the auditor reads; the
    # administrator keeps the topics and bands. Anyone signed in sees their own actions.
    "governance:assessment": Case(only("auditor")),
    "governance:version-detail": Case(only("auditor"), kwargs=GOVERNANCE("draft")),
    "governance:version-start": Case(only(), method="post"),
    "governance:version-submit": Case(only(), kwargs=GOVERNANCE("draft"), method="post"),
    "governance:version-return": Case(only(), kwargs=GOVERNANCE("draft"), method="post"),
    "governance:version-sign": Case(only(), kwargs=GOVERNANCE("draft")),
    "governance:risk-add": Case(only(), kwargs=GOVERNANCE("draft")),
    "governance:risk-edit": Case(only(), kwargs=GOVERNANCE("entry")),
    "governance:risk-remove": Case(only(), kwargs=GOVERNANCE("entry"), method="post"),
    "governance:action-list": Case(only("auditor")),
    "governance:my-actions": Case(signed_in()),
    "governance:action-create": Case(only()),
    # Someone else's action: readers of the assessment see it, others get 404.
    "governance:action-edit": Case(
        only(scoped_out=("admin", "faculty_admin", "organiser", "outsider")),
        kwargs=GOVERNANCE("action"),
    ),
    "governance:topic-list": Case(only("admin")),
    "governance:topic-edit": Case(only("admin"), kwargs=GOVERNANCE("topic")),
    "governance:bands": Case(only("admin")),
    # Free-speech complaints: the free-speech officer (not among the personas) keeps
    # them; the auditor reads.
    "governance:complaint-list": Case(only("auditor")),
    "governance:complaint-create": Case(only()),
    "governance:complaint-detail": Case(only("auditor"), kwargs=GOVERNANCE("complaint")),
    "governance:complaint-respond": Case(only(), kwargs=GOVERNANCE("complaint"), method="post"),
    "governance:complaint-escalate": Case(only(), kwargs=GOVERNANCE("complaint"), method="post"),
    "governance:complaint-close": Case(only(), kwargs=GOVERNANCE("complaint"), method="post"),
    "api-v1:complaints": Case(NO_SESSION),
    # The code of practice: published versions are public; drafts, editing,
    # publishing and notices are the free-speech officer's (not among the personas).
    "governance:code": Case(EVERYONE),
    "governance:code-version": Case(
        dict.fromkeys(PERSONA_NAMES, 404), kwargs=GOVERNANCE("code_draft")
    ),
    "governance:code-start": Case(only(), method="post"),
    "governance:code-edit": Case(only(), kwargs=GOVERNANCE("code_draft")),
    "governance:code-publish": Case(only(), kwargs=GOVERNANCE("code_draft"), method="post"),
    "governance:notice-list": Case(only()),
    "api-v1:risk-assessment": Case(NO_SESSION),
    "api-v1:risk-assessment-actions": Case(NO_SESSION),
    # Event requests (podium/events): the organiser persona's own draft, and a
    # request outside every persona's scope (404). Reviewer roles are covered by
    # podium/events/tests/test_views.py.
    "events:request-list": Case(signed_in()),
    "events:request-create": Case(only("organiser")),
    "events:request-detail": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-edit": Case(
        only("organiser", scoped_out=OTHERS),
        kwargs=lambda o: {"pk": o.own_event_pk, "step": "about"},
    ),
    "events:request-check": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-withdraw": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-answer": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-appeal": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-cancel": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-report": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-ask": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-escalate": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-decide": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-appeal-decide": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-incident": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT),
    "events:request-note": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT, method="post"),
    "events:request-fast-track": Case(only(scoped_out=OTHERS), kwargs=OWN_EVENT, method="post"),
    "events:condition-confirm": Case(
        only(scoped_out=ALL_PERSONAS), kwargs=lambda o: {"pk": o.condition_pk}, method="post"
    ),
    "events:condition-review": Case(
        only(scoped_out=ALL_PERSONAS), kwargs=lambda o: {"pk": o.condition_pk}
    ),
    "events:queue": Case(only()),
    "events:inbox": Case(signed_in()),
    # Everyone marks their own messages read: the service ignores anyone else's ids.
    "events:inbox-read": Case(signed_in(), method="post"),
    "events:deputies": Case(only()),
    "events:deputy-end": Case(
        only(scoped_out=ALL_PERSONAS), kwargs=lambda o: {"pk": 1}, method="post"
    ),
    **EVENTS_POLICY,
    "api-v1:event-requests": Case(NO_SESSION, method="post"),
    "api-v1:event-request-queue": Case(NO_SESSION),
    "api-v1:event-request": Case(NO_SESSION, kwargs=UNIT),
    "api-v1:event-request-submit": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-withdraw": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-information-requests": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-answer": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-notes": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-escalate": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-fast-track": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-decision": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-appeal": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-appeal-decision": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-cancel": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-post-event-report": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-incidents": Case(NO_SESSION, kwargs=UNIT, method="post"),
    "api-v1:event-request-condition-confirm": Case(
        NO_SESSION, kwargs=lambda o: {"pk": o.unit.pk, "condition_pk": 1}, method="post"
    ),
    "api-v1:event-request-condition-review": Case(
        NO_SESSION, kwargs=lambda o: {"pk": o.unit.pk, "condition_pk": 1}, method="post"
    ),
    # The speaker register (podium/speakers): organisers search, read and add; reviewers
    # (not among the personas) check, correct and merge; administrators configure. A
    # speaker's link is public: a forged one is 404 for everyone.
    "speakers:speaker-list": Case(only("organiser")),
    "speakers:speaker-create": Case(only("organiser")),
    "speakers:speaker-detail": Case(only("organiser"), kwargs=lambda o: {"pk": a_speaker()}),
    "speakers:speaker-edit": Case(only(), kwargs=lambda o: {"pk": a_speaker()}),
    "speakers:speaker-check": Case(only(), kwargs=lambda o: {"pk": a_speaker()}),
    "speakers:speaker-merge": Case(only(), kwargs=lambda o: {"pk": a_speaker()}),
    # The full lists behind the speaker page's latest requests and checks: who may see
    # the speaker's history (the admin persona reviews nothing).
    "speakers:speaker-events": Case(only(), kwargs=lambda o: {"pk": a_speaker()}),
    "speakers:speaker-checks": Case(only(), kwargs=lambda o: {"pk": a_speaker()}),
    "speakers:rechecks": Case(only()),
    "speakers:settings": Case(only("admin")),
    "speakers:source-add": Case(only("admin"), method="post"),
    "speakers:source-toggle": Case(
        only("admin"), kwargs=lambda o: {"pk": a_source()}, method="post"
    ),
    "speakers:code-of-conduct": Case(only("admin")),
    "speakers:acknowledgement-send": Case(only("organiser", scoped_out=OTHERS), kwargs=OWN_EVENT),
    # Confirming an address the organiser gave: reviewers of the request only (not
    # among the personas); the organiser sees the request, so 403; others 404.
    "speakers:acknowledgement-confirm-address": Case(
        only(scoped_out=OTHERS),
        kwargs=lambda o: {"pk": an_awaiting_acknowledgement(o.own_event_pk)},
        method="post",
    ),
    "speakers:acknowledge": Case(
        dict.fromkeys(PERSONA_NAMES, 404), kwargs=lambda o: {"token": "1:forged"}
    ),
    # Information sharing (podium/sharing): institution-wide roles only. The auditor
    # reads the log's metadata; administrators keep the registers; the Prevent lead,
    # head of security, DPO and safeguarding officer are not among the personas
    # (podium/sharing/tests/test_views.py covers them).
    "sharing:disclosure-list": Case(only("auditor")),
    "sharing:disclosure-create": Case(only()),
    "sharing:disclosure-detail": Case(only("auditor"), kwargs=SHARING("disclosure")),
    "sharing:disclosure-edit": Case(only(), kwargs=SHARING("disclosure")),
    **{
        f"sharing:disclosure-{action}": Case(only(), kwargs=SHARING("disclosure"), method="post")
        for action in ("submit", "sign-off", "send", "withdraw", "review", "record")
    },
    "sharing:request-list": Case(only("auditor")),
    "sharing:request-create": Case(only()),
    "sharing:request-receive": Case(only()),
    "sharing:request-detail": Case(only("auditor"), kwargs=SHARING("request")),
    "sharing:request-answer": Case(only(), kwargs=SHARING("recipient")),
    "sharing:partner-list": Case(only("admin")),
    # The Podium exchange (podium/exchange): the administrator keeps the peers; the
    # auditor reads the peers and the messages' records; answering is the sharers'
    # (none of the personas; podium/exchange/tests/test_views.py covers them).
    "exchange:peer-list": Case(only("admin", "auditor")),
    "exchange:peer-detail": Case(only("admin", "auditor"), kwargs=SHARING("peer")),
    "exchange:key-trust": Case(
        only("admin"),
        kwargs=lambda o: {"pk": o.sharing["peer"], "key_pk": o.sharing["peer_key"]},
        method="post",
    ),
    "exchange:message-list": Case(only("admin", "auditor")),
    "exchange:message-detail": Case(only("admin", "auditor"), kwargs=SHARING("message")),
    "exchange:answer": Case(only(), kwargs=SHARING("received")),
    "exchange-well-known": Case(EVERYONE),
    "sharing:partner-edit": Case(only("admin"), kwargs=SHARING("partner")),
    "sharing:purpose-list": Case(only("admin")),
    "sharing:purpose-edit": Case(only("admin"), kwargs=SHARING("purpose")),
    "sharing:policy": Case(only("admin")),
    "api-v1:disclosures": Case(NO_SESSION),
    "api-v1:disclosure": Case(NO_SESSION, kwargs=SHARING("disclosure")),
    "api-v1:disclosure-sign-off": Case(NO_SESSION, kwargs=SHARING("disclosure"), method="post"),
    "api-v1:disclosure-submit": Case(NO_SESSION, kwargs=SHARING("disclosure"), method="post"),
    "api-v1:speaker-information-request-answers": Case(
        NO_SESSION, kwargs=SHARING("request"), method="post"
    ),
    "api-v1:sharing-agreement-reviews": Case(
        NO_SESSION, kwargs=SHARING("agreement"), method="post"
    ),
    # The attachment of a disclosure: those who read the data shared (not among the
    # personas); the auditor sees metadata only (403). The signed agreement: those who
    # keep the registers; the matrix's agreement has none stored (404 for the
    # administrator; podium/sharing/tests/test_attachments.py downloads one).
    "sharing:disclosure-attachment": Case(only(), kwargs=SHARING("disclosure")),
    "sharing:agreement-document": Case(only(scoped_out=("admin",)), kwargs=SHARING("agreement")),
    "api-v1:speaker-information-requests": Case(NO_SESSION),
    "api-v1:sharing-agreements": Case(NO_SESSION),
    "sharing:agreement-list": Case(only("admin")),
    "sharing:agreement-detail": Case(only("admin"), kwargs=SHARING("agreement")),
    "sharing:agreement-review": Case(only("admin"), kwargs=SHARING("agreement"), method="post"),
    "api-v1:speakers": Case(NO_SESSION),
    "api-v1:speaker": Case(NO_SESSION, kwargs=lambda o: {"pk": 1}),
    "api-v1:speaker-merge": Case(NO_SESSION, kwargs=lambda o: {"pk": 1}, method="post"),
    "api-v1:speaker-checks": Case(NO_SESSION, kwargs=lambda o: {"pk": 1}, method="post"),
    # Reporting: the dashboards (the auditor reads them all; the Prevent lead, head
    # of security and governor are covered in podium/reporting/tests/).
    "reporting:dashboard-index": Case(only("auditor")),
    **{
        f"reporting:dashboard-{slug}": Case(only("auditor"))
        for slug in ("requests", "notice", "turnaround", "appeals", "training")
    },
    # The return: institution-wide readers (Prevent lead, governor, auditor); the
    # transparency report: published ones are public, unpublished 404 to everyone.
    "reporting:return-detail": Case(only("auditor")),
    "reporting:return-pack": Case(only("auditor")),
    "reporting:return-export": Case(only("auditor")),
    "reporting:return-sign-off": Case(only()),
    "reporting:return-settings": Case(only("admin")),
    "reporting:definitions": Case(only("auditor")),
    # The resources library (podium/resources): everyone signed in reads what their
    # roles may (the document is for Prevent leads only: 404 to every persona);
    # public resources need no sign-in; institution-wide administrators keep it.
    "resources:library": Case(signed_in()),
    "resources:download": Case(
        {"anonymous": LOGIN, **dict.fromkeys(ALL_PERSONAS, 404)}, kwargs=RESOURCE("document")
    ),
    "resources:public-list": Case(EVERYONE),
    "resources:public-detail": Case(EVERYONE, kwargs=RESOURCE("public")),
    "resources:manage": Case(only("admin")),
    "resources:add": Case(only("admin"), kwargs=lambda o: {"kind": "link"}),
    "resources:edit": Case(only("admin"), kwargs=RESOURCE("document")),
    # An empty upload is bad input for the administrator (400), refused for the others.
    "resources:version-upload": Case(
        {**only(), "admin": 400}, kwargs=RESOURCE("document"), method="post"
    ),
    "resources:version-download": Case(
        only("admin"), kwargs=lambda o: {"pk": o.resources["document"], "number": 1}
    ),
    "resources:retire": Case(only("admin"), kwargs=RESOURCE("document"), method="post"),
    "resources:restore": Case(only("admin"), kwargs=RESOURCE("document"), method="post"),
    "reporting:transparency-list": Case(EVERYONE),
    "reporting:transparency-publish": Case(only("admin")),
    "reporting:transparency-detail": Case(
        dict.fromkeys(PERSONA_NAMES, 404), kwargs=lambda o: {"year": 2025}
    ),
}


def a_source() -> int:
    from podium.speakers.models import CheckSource

    pk: int = CheckSource.objects.values_list("pk", flat=True).earliest("pk")
    return pk


def an_awaiting_acknowledgement(event_pk: int) -> int:
    """A link on the organiser's own request waiting for a reviewer to confirm its address."""
    from datetime import timedelta

    from django.utils import timezone

    from podium.events.models import EventRequest
    from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus

    event = EventRequest.objects.get(pk=event_pk)
    link = event.speakers.exclude(speaker=None).earliest("pk")
    ack, _ = Acknowledgement.objects.get_or_create(
        request=event,
        speaker_id=link.speaker_id,
        status=AcknowledgementStatus.AWAITING_ADDRESS,
        defaults={
            "email": "given@example.net",
            "sent_by": event.organiser,
            "expires_at": timezone.now() + timedelta(days=30),
        },
    )
    return ack.pk


def a_speaker() -> int:
    """A speaker in the register (the organiser's draft request added one)."""
    from podium.speakers.models import Speaker

    pk: int = Speaker.objects.values_list("pk", flat=True).earliest("pk")
    return pk


def test_every_url_pattern_is_in_the_matrix():
    assert sorted(url_names()) == sorted(MATRIX), (
        "Add the new URL to MATRIX with the access every persona should have."
    )


def sharing_records(institution: OrgUnit) -> dict[str, int]:
    from podium.sharing import services as sharing
    from podium.testing.sharing import facts, make_sharing

    s = make_sharing(institution)
    disclosure = sharing.create_disclosure(acting_user=s.prevent, facts=facts(s))
    request = sharing.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner],
        question="Has this speaker spoken with you?",
        due_on=None,
    )
    agreement = sharing.save_agreement(
        acting_user=s.dpo,
        agreement=None,
        partners=[s.partner],
        title="Speaker information with Northshire",
        purpose="Speakers",
        data_categories="Names",
        lawful_bases="Public task",
        starts_on=date(2026, 1, 5),
        owner=s.dpo,
    )
    # The Podium exchange (podium/exchange): a peer with an untrusted key, and a
    # request its Podium sent us.
    from podium.exchange.models import Message
    from podium.testing.exchange import make_peer, request_body

    peer = make_peer(s, trusted=False)
    received = sharing.receive_request(
        acting_user=s.prevent,
        partner=s.partner,
        speaker_id=None,
        speaker_name="Dr Jane Visiting",
        question="Any concerns?",
        due_on=None,
    )
    body = request_body()
    message = Message.objects.create(
        message_id=body["message_id"], direction="incoming", kind="request", state="accepted",
        peer=peer.peer, body=body, request=received, key_id=peer.key_id,
    )  # fmt: skip
    return {
        "agreement": agreement.pk,
        "disclosure": disclosure.pk,
        "request": request.pk,
        "recipient": request.recipients.get().pk,
        "partner": s.partner.pk,
        "purpose": s.purpose.pk,
        "peer": peer.peer.pk,
        "peer_key": peer.key.pk,
        "message": message.pk,
        "received": received.pk,
    }


def concern_records(raiser: Any) -> dict[str, int]:
    from podium.concerns import services as concerns
    from podium.concerns.models import FollowUpAction, ReportableEvent

    case = concerns.share_concern(
        acting_user=raiser, noticed="Noticed", noticed_on=date(2026, 1, 5), immediate_danger=False
    )
    event = ReportableEvent.objects.create(
        occurred_on=date(2026, 1, 5),
        category="serious_incident",
        description="x",
        recorded_by=raiser,
    )
    action = FollowUpAction.objects.create(
        event=event, action="x", owner=raiser, due_on=date(2026, 2, 1), created_by=raiser
    )
    return {"case": case.pk, "event": event.pk, "action": action.pk}


def governance_records(institution: OrgUnit) -> dict[str, int]:
    lead = make_lead(institution)
    draft = governance.start_version(acting_user=lead)
    entry = add_risk(lead, draft)
    action = add_action(lead, entry, deadline=date.today() + timedelta(days=30))
    officer = make_officer(institution)
    complaint = make_complaint(officer)
    code_draft = governance.start_code_version(acting_user=officer)
    return {
        "code_draft": code_draft.pk,
        "complaint": complaint.pk,
        "draft": draft.pk,
        "entry": entry.pk,
        "action": action.pk,
        "topic": RiskTopic.objects.values_list("pk", flat=True).earliest("pk"),
    }


def training_records(admin: Any, unit: OrgUnit) -> dict[str, int]:
    group = make_group("Security")
    course = make_course("Prevent awareness")
    requirement = make_requirement(course, group)
    staff = make_staff("P1", unit, group=group)
    evidence = SimpleUploadedFile(
        "cert.pdf", b"%PDF-1.4 certificate", content_type="application/pdf"
    )
    completion = training.record_completion(
        acting_user=admin,
        staff=staff,
        course=course,
        completed_on=date(2025, 1, 6),
        evidence=evidence,
    )
    batch = training.upload_import(
        acting_user=admin, kind="completions", upload=csv_upload([COMPLETION_HEADER])
    )
    return {
        "group": group.pk,
        "course": course.pk,
        "requirement": requirement.pk,
        "staff": staff.pk,
        "completion": completion.pk,
        "import": batch.pk,
    }


def privacy_records(institution: OrgUnit) -> dict[str, int]:
    dpo = factories.make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution)
    breach = privacy.record_breach(
        acting_user=dpo,
        discovered_at=timezone.now() - timedelta(hours=2),
        summary="Lost laptop",
        data_subjects="Speakers",
        risk="risk",
        risk_assessment="",
        reported_to_ico=False,
        reported_at=None,
        ico_reference="",
    )
    hold = privacy.place_hold(acting_user=dpo, kind="person", record_id=dpo.pk, reason="Claim")
    run = privacy.run_retention(acting_user=dpo, dry_run=True)
    return {"breach": breach.pk, "hold": hold.pk, "run": run.pk}


def make_objects(personas: Personas, institution: OrgUnit, other_faculty: OrgUnit) -> Objects:
    unit = factories.make_unit(
        parent=other_faculty, name="Department of Physics", kind=UnitKind.DEPARTMENT
    )
    person = factories.make_user(email="someone@example.ac.uk", full_name="Some One")
    role = factories.grant(person, Role.ORGANISER, unit)
    token, _ = create_token(
        acting_user=person, user=person, name="Theirs", scope="read", lifetime=timedelta(days=7)
    )
    sso = factories.make_oidc_provider(acting_user=personas.admin)
    saml = factories.make_saml_provider(acting_user=personas.admin)
    policy = reset_policy()
    own_event = make_request(organiser=personas.organiser, unit=personas_faculty(personas))
    officer = factories.make_person_with_role(Role.EVENTS_OFFICER, unit)
    event = make_request(organiser=person, unit=unit, submit=True)
    decision = decide(acting_user=officer, event_request=event, facts=approval(conditions=True))
    feed = replace_calendar_feed(acting_user=person)
    return Objects(
        unit=unit,
        person_pk=person.pk,
        role_pk=role.pk,
        token_pk=token.pk,
        sso_pk=sso.pk,
        saml_pk=saml.pk,
        own_event_pk=own_event.pk,
        event_pk=event.pk,
        condition_pk=decision.conditions.get().pk,
        policy={
            "closure-day": ClosureDay.objects.create(date=date(2026, 12, 29), description="X").pk,
            "event-type": policy.talk.pk,
            "notice-period": policy.any_notice.pk,
            "campus": Campus.objects.create(name="City").pk,
            "risk-level": policy.low.pk,
            "question": policy.question.pk,
            "mitigation": policy.mitigation.pk,
            "routing-rule": policy.rule.pk,
        },
        training=training_records(personas.admin, unit),
        privacy=privacy_records(institution),
        sharing=sharing_records(other_faculty.parent),  # type: ignore[arg-type]
        governance=governance_records(personas.admin.role_assignments.get().unit),
        feed_key=feed.key,
        sar_pk=reviewed_subject_access_request(),
        concerns=concern_records(personas.organiser),
        research=research_records(person, unit),
        resources=resources_records(personas.admin),
    )


# Every test here starts from the same records: the personas and `make_objects`. They
# are made once per module (per xdist worker) inside a transaction, and each test runs
# in a savepoint rolled back after it (podium/testing/module_rows.py), so each test still
# starts from exactly those rows, as when the fixtures made them for every test (which
# cost ~0.4 s of each of these ~2,400 tests).


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    private = tmp_path_factory.mktemp("permission-matrix-private")

    def make(world: World) -> Objects:
        return make_objects(world.personas, world.institution, world.other_faculty)

    with module_world(django_db_blocker, make, PODIUM_PRIVATE_DIR=private) as world:
        yield world


@pytest.fixture
def world(_world: World, db) -> World:
    """A fresh copy of the module's records' Python objects for each test."""
    return copy.deepcopy(_world)


@pytest.fixture
def institution(world: World) -> OrgUnit:
    return world.institution


@pytest.fixture
def faculty(world: World) -> OrgUnit:
    return world.faculty


@pytest.fixture
def other_faculty(world: World) -> OrgUnit:
    return world.other_faculty


@pytest.fixture
def personas(world: World) -> Personas:
    return world.personas


@pytest.fixture
def objects(world: World) -> Objects:
    return world.objects


def reviewed_subject_access_request() -> int:
    """A request taken to review by a DPO outside the personas."""
    return reviewed_request().pk


def resources_records(admin: Any) -> dict[str, int]:
    from podium.testing.resources import make_document

    document = make_document(
        admin, title="For Prevent leads", for_everyone=False, roles=["prevent_lead"]
    )
    public = make_document(admin, title="Code of practice", is_public=True)
    return {"document": document.pk, "public": public.pk}


def research_records(person: Any, unit: OrgUnit) -> dict[str, int]:
    registration = research_testing.register(person, unit)
    kind, _ = research_testing.lists()
    return {"registration": registration.pk, "material": kind.pk}


def personas_faculty(personas: Personas) -> OrgUnit:
    return personas.organiser.role_assignments.get().unit


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name: str, persona: str, personas: Personas, objects: Objects):
    case = MATRIX[url_name]
    url = reverse(url_name, kwargs=case.kwargs(objects))
    response = getattr(client_for(personas.get(persona)), case.method)(url)
    assert_access(response, case.expected[persona], url_name=url_name, method=case.method)


# A draft is its organiser's alone until it is submitted, and stays so when it is
# withdrawn unsubmitted (podium/events/README.md). Every role that sees requests in a
# unit, held over the whole institution, gets 404 on the organiser persona's draft
# and every page under it; the organiser's own access is MATRIX's.
REVIEWING_ROLES = sorted({role for capability in SEEING for role in roles_with(capability)})
DRAFT_PAGES = [
    *sorted(
        name
        for name in MATRIX
        if name.startswith("events:request-")
        and name not in {"events:request-list", "events:request-create"}
    ),
    "speakers:acknowledgement-send",
    "speakers:acknowledgement-confirm-address",
]


@pytest.mark.parametrize("role", REVIEWING_ROLES)
@pytest.mark.parametrize("url_name", DRAFT_PAGES)
def test_a_draft_is_404_for_every_reviewer(
    url_name: str, role: Role, personas: Personas, objects: Objects, institution: OrgUnit
):
    case = MATRIX[url_name]
    reviewer = factories.make_person_with_role(role, institution)
    url = reverse(url_name, kwargs=case.kwargs(objects))
    assert getattr(client_for(reviewer), case.method)(url).status_code == 404
    assert case.expected["organiser"] != 404


@pytest.mark.parametrize("role", REVIEWING_ROLES)
def test_a_request_withdrawn_unsubmitted_stays_private(
    role: Role, personas: Personas, objects: Objects, institution: OrgUnit
):
    draft = withdraw_request(
        acting_user=personas.organiser,
        event_request=make_request(organiser=personas.organiser, unit=personas_faculty(personas)),
    )
    url = reverse("events:request-detail", kwargs={"pk": draft.pk})
    reviewer = factories.make_person_with_role(role, institution)
    assert client_for(reviewer).get(url).status_code == 404
    assert client_for(personas.organiser).get(url).status_code == 200


# Every role that sees each submitted request in its units; the appeal
# decision-maker sees only the requests under appeal (below).
SEEING_ALL_ROLES = sorted(
    {role for capability in SEEING_ALL_IN_SCOPE for role in roles_with(capability)}
)


@pytest.mark.parametrize("role", SEEING_ALL_ROLES)
def test_a_request_withdrawn_after_submission_stays_visible_to_reviewers(
    role: Role, personas: Personas, objects: Objects, institution: OrgUnit
):
    submitted = make_request(
        organiser=personas.organiser, unit=personas_faculty(personas), submit=True
    )
    withdrawn = withdraw_request(acting_user=personas.organiser, event_request=submitted)
    url = reverse("events:request-detail", kwargs={"pk": withdrawn.pk})
    reviewer = factories.make_person_with_role(role, institution)
    assert client_for(reviewer).get(url).status_code == 200
    assert client_for(personas.outsider).get(url).status_code == 404
    decider = factories.make_person_with_role(Role.APPEAL_DECIDER, institution)
    assert client_for(decider).get(url).status_code == 404


# --- The appeal decision-maker (issue 13, item 2) --------------------------------------
# Held over the whole institution. On a request under appeal: the request page and the
# appeal decision, nothing else (403). On any request not under appeal (the decided
# one in `objects`, the organiser persona's draft): 404 on every page. No register.

EVENT_PAGES = [
    *sorted(
        name
        for name in MATRIX
        if name.startswith(("events:request-", "events:condition-"))
        and name not in {"events:request-list", "events:request-create"}
    ),
    "speakers:acknowledgement-send",
]
DECIDER_UNDER_APPEAL = {"events:request-detail": OK, "events:request-appeal-decide": OK}
# Confirming an acknowledgement's address is a request's page, not the register's: for
# a decider it is 404 like every page of a request they may not see
# (`test_the_decider_cannot_confirm_an_acknowledgement_address`).
REGISTER_PAGES = sorted(
    name
    for name in MATRIX
    if name.startswith("speakers:")
    and name
    not in {"speakers:acknowledge", "speakers:acknowledgement-confirm-address", *EVENT_PAGES}
)


@dataclass
class Appealed:
    event_pk: int
    condition_pk: int  # a condition of the request under appeal's first decision


@pytest.fixture
def appealed(objects: Objects, personas: Personas) -> Appealed:
    """A request in the faculty, approved with a condition, then appealed."""
    unit = personas_faculty(personas)
    officer = factories.make_person_with_role(Role.EVENTS_OFFICER, unit)
    event = make_request(organiser=personas.organiser, unit=unit, submit=True)
    decision = decide(acting_user=officer, event_request=event, facts=approval(conditions=True))
    lodge_appeal(acting_user=personas.organiser, event_request=event, grounds="No chair needed.")
    return Appealed(event_pk=event.pk, condition_pk=decision.conditions.get().pk)


def _kwargs_for(url_name: str, event_pk: int, condition_pk: int) -> dict[str, Any]:
    if url_name.startswith("events:condition-"):
        return {"pk": condition_pk}
    if url_name == "events:request-edit":
        return {"pk": event_pk, "step": "about"}
    return {"pk": event_pk}


@pytest.mark.parametrize("url_name", EVENT_PAGES)
def test_the_appeal_decider_reaches_only_the_appeal(
    url_name: str, objects: Objects, appealed: Appealed, institution: OrgUnit
):
    decider = client_for(factories.make_person_with_role(Role.APPEAL_DECIDER, institution))
    method = MATRIX[url_name].method
    under_appeal = reverse(url_name, kwargs=_kwargs_for(url_name, appealed.event_pk, 0))
    if url_name.startswith("events:condition-"):
        under_appeal = reverse(url_name, kwargs={"pk": appealed.condition_pk})
    expected = DECIDER_UNDER_APPEAL.get(url_name, 403)
    response = getattr(decider, method)(under_appeal)
    assert_access(response, expected, url_name=url_name, method=method)
    elsewhere = reverse(
        url_name, kwargs=_kwargs_for(url_name, objects.event_pk, objects.condition_pk)
    )
    assert getattr(decider, method)(elsewhere).status_code == 404


@pytest.mark.parametrize("url_name", REGISTER_PAGES)
def test_the_appeal_decider_has_no_speaker_register(
    url_name: str, objects: Objects, institution: OrgUnit
):
    case = MATRIX[url_name]
    decider = client_for(factories.make_person_with_role(Role.APPEAL_DECIDER, institution))
    response = getattr(decider, case.method)(reverse(url_name, kwargs=case.kwargs(objects)))
    assert response.status_code == 403


# --- The students' union reviewer (issue 13, item 3) -----------------------------------
# Reviews the union's requests: every page of a faculty request is 404; a speaker on a
# faculty request only is readable (name, affiliations, links) but its restricted
# pages (correct, record a check, merge) are 403; for a speaker on a union request they
# are open.


@dataclass
class Union:
    reviewer: Any
    event_pk: int
    condition_pk: int
    union_speaker_pk: int | None
    faculty_speaker_pk: int | None


@pytest.fixture
def union(objects: Objects, institution: OrgUnit) -> Union:
    unit = factories.make_unit(parent=institution, name="Students' Union", kind="students_union")
    reviewer = factories.make_person_with_role(Role.SU_REVIEWER, unit)
    organiser = factories.make_person_with_role(Role.ORGANISER, unit)
    officer = factories.make_person_with_role(Role.EVENTS_OFFICER, unit)
    event = make_request(organiser=organiser, unit=unit, submit=True)
    decision = decide(acting_user=officer, event_request=event, facts=approval(conditions=True))
    faculty_event = EventRequest.objects.get(pk=objects.event_pk)
    return Union(
        reviewer=reviewer,
        event_pk=event.pk,
        condition_pk=decision.conditions.get().pk,
        union_speaker_pk=event.speakers.get().speaker_id,
        faculty_speaker_pk=faculty_event.speakers.get().speaker_id,
    )


# On the union's own approved request: what a reviewer does after a decision; the
# organiser's pages, the step's actions (no step now) and security's are 403.
SU_OWN = {
    "events:request-detail": OK,
    "events:request-cancel": OK,
    "events:request-note": OK,
    "events:condition-confirm": OK,
    "events:condition-review": OK,
    "speakers:acknowledgement-send": OK,
}


@pytest.mark.parametrize("url_name", EVENT_PAGES)
def test_the_union_reviewer_reaches_union_requests_only(
    url_name: str, objects: Objects, union: Union
):
    reviewer = client_for(union.reviewer)
    method = MATRIX[url_name].method
    elsewhere = reverse(
        url_name, kwargs=_kwargs_for(url_name, objects.event_pk, objects.condition_pk)
    )
    assert getattr(reviewer, method)(elsewhere).status_code == 404
    own = reverse(url_name, kwargs=_kwargs_for(url_name, union.event_pk, union.condition_pk))
    response = getattr(reviewer, method)(own)
    assert_access(response, SU_OWN.get(url_name, 403), url_name=url_name, method=method)


SPEAKER_RESTRICTED = [
    "speakers:speaker-edit",
    "speakers:speaker-check",
    "speakers:speaker-merge",
    "speakers:speaker-events",
    "speakers:speaker-checks",
]


@pytest.mark.parametrize("url_name", ["speakers:speaker-detail", *SPEAKER_RESTRICTED])
def test_the_union_reviewer_and_speakers_on_faculty_requests_only(
    url_name: str, objects: Objects, union: Union
):
    reviewer = client_for(union.reviewer)
    faculty_only = reverse(url_name, kwargs={"pk": union.faculty_speaker_pk})
    on_union = reverse(url_name, kwargs={"pk": union.union_speaker_pk})
    assert reviewer.get(faculty_only).status_code == (
        200 if url_name == "speakers:speaker-detail" else 403
    )
    assert reviewer.get(on_union).status_code == 200


def assert_access(response: Any, expected: Any, *, url_name: str, method: str) -> None:
    sign_in = reverse("account_login")
    if expected == REAUTH:
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(f"{sign_in}?next=")
    elif expected == OK and method == "post":
        assert response.status_code == 302
        assert not response.url.startswith(sign_in) or url_name == "account_logout"
    elif expected == OK:
        assert response.status_code == 200
    else:
        assert response.status_code == expected


def test_the_decider_cannot_confirm_an_acknowledgement_address(
    objects: Objects, institution: OrgUnit
):
    case = MATRIX["speakers:acknowledgement-confirm-address"]
    decider = client_for(factories.make_person_with_role(Role.APPEAL_DECIDER, institution))
    response = decider.post(
        reverse("speakers:acknowledgement-confirm-address", kwargs=case.kwargs(objects))
    )
    assert response.status_code == 404


PRIVACY_PAGES = sorted(name for name in MATRIX if name.startswith("privacy:"))


@pytest.mark.parametrize("url_name", PRIVACY_PAGES)
def test_the_dpo_reaches_every_privacy_page(url_name: str, objects: Objects, institution: OrgUnit):
    case = MATRIX[url_name]
    dpo = factories.make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution)
    url = reverse(url_name, kwargs=case.kwargs(objects))
    response = getattr(client_for(dpo), case.method)(url)
    assert_access(response, OK, url_name=url_name, method=case.method)
