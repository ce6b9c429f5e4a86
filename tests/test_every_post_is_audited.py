"""Every URL that accepts a POST writes an audit entry when it changes something
(QUALITY.md, audit). URLs are read from the resolver: a new POST URL fails this
test until it has a case below."""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from podium.accounts import services
from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.api.models import TokenScope
from podium.api.services import create_token
from podium.audit.models import AuditEntry
from podium.events import services as events
from podium.events.models import Campus, ClosureDay, EventRequest
from podium.events.tests.policy_setup import reset_policy
from podium.governance import services as governance
from podium.governance.models import CodeSectionKind
from podium.research import services as research
from podium.subject_access import services as sar_services
from podium.testing import factories
from podium.testing import research as research_testing
from podium.testing import subject_access as sar_testing
from podium.testing.api import ApiClient, token_for
from podium.testing.events import approval, make_request, rejection
from podium.testing.governance import (
    add_action,
    add_risk,
    complaint_values,
    make_complaint,
    make_governor,
    make_lead,
    make_officer,
    risk_values,
)
from podium.testing.module_rows import World, module_world
from podium.testing.personas import Personas, client_for
from podium.testing.saml_idp import SamlIdp
from podium.testing.signin import code_at, enrol_totp, sign_in
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

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Post:
    action: str
    send: Callable[[Personas, dict], object]  # makes the request; gets personas and the objects
    status: int = 302  # what a successful POST answers


def post_as(
    persona: str, url_name: str, data: Callable[[dict], dict] = lambda o: {}, kwargs=lambda o: {}
):
    def send(personas: Personas, objects: dict):
        client = Client() if persona == "anonymous" else client_for(getattr(personas, persona))
        return client.post(reverse(url_name, kwargs=kwargs(objects)), data(objects))

    return send


def reset_password(personas: Personas, objects: dict):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "admin@example.ac.uk"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line)
    form_url = client.get(link.replace("http://testserver", ""), follow=True).redirect_chain[-1][0]
    passphrase = "a brand new passphrase"
    return client.post(form_url, {"password1": passphrase, "password2": passphrase})


def change_password(personas: Personas, objects: dict):
    client = Client()
    sign_in(client, "admin@example.ac.uk")
    passphrase = "another long passphrase"
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": passphrase, "password2": passphrase},
    )


def with_totp(then: Callable[[Client], object]) -> Callable[[Personas, dict], object]:
    """Sign in as the administrator, enrol TOTP, then do `then`."""

    def send(personas: Personas, objects: dict):
        client = Client()
        with time_machine.travel(MOMENT, tick=False):
            sign_in(client, "admin@example.ac.uk")
            return then(client)

    return send


def enrol(client: Client):
    enrol_totp(client, MOMENT)  # asserts the enrolment POST answered 302
    return client.get(reverse("mfa_index"))


def sign_in_with_a_code(personas: Personas, objects: dict):
    client = Client()
    with time_machine.travel(MOMENT, tick=False):
        sign_in(client, "admin@example.ac.uk")
        secret = enrol_totp(client, MOMENT)
        client.post(reverse("account_logout"))
    with time_machine.travel(MOMENT + timedelta(minutes=2), tick=False):
        sign_in(client, "admin@example.ac.uk")
        return client.post(
            reverse("mfa_authenticate"), {"code": code_at(secret, MOMENT + timedelta(minutes=2))}
        )


def remove_a_security_key(client: Client):
    enrol(client)  # confirms it is them (password) on the way
    from allauth.mfa.models import Authenticator

    user = Authenticator.objects.filter(type=Authenticator.Type.TOTP).get().user
    key = Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Key", "credential": {}}
    )
    return client.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk}))


def sign_out_elsewhere(personas: Personas, objects: dict):
    laptop, phone = Client(), Client()
    sign_in(laptop, "admin@example.ac.uk")
    sign_in(phone, "admin@example.ac.uk")
    return laptop.post(reverse("usersessions_list"))


def saml_provider_data(objects: dict) -> dict:
    return {
        "name": "Exampleshire (Shibboleth)",
        "organisation": "exampleshire-idp",
        "entity_id": "https://idp.example.ac.uk/idp/shibboleth",
        "sso_url": "https://idp.example.ac.uk/idp/profile/SAML2/Redirect/SSO",
        "certificate": SamlIdp().cert_pem,
    }


OIDC_PROVIDER = {
    "name": "University account (Microsoft)",
    "provider_id": "entra",
    "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
    "client_id": "client-123",
    "secret": "very-secret-value",
}


def revoke_own_token(personas: Personas, objects: dict):
    token, _ = create_token(
        acting_user=personas.admin,
        user=personas.admin,
        name="Old",
        scope=TokenScope.READ,
        lifetime=timedelta(days=7),
    )
    return client_for(personas.admin).post(reverse("api:token-revoke", kwargs={"pk": token.pk}))


def api_post(url: Callable[[dict], str], body: Callable[[dict], dict] = lambda o: {}):
    """A POST to /api/v1/ with the administrator's read-write token."""

    def send(personas: Personas, objects: dict):
        return ApiClient(token_for(personas.admin)).post(url(objects), body(objects))

    return send


# --- Event requests: each case builds the request it acts on, then POSTs as a person would.


def _ensure_escalation_step() -> None:
    """Give every routing rule a last step, so there is somewhere to escalate to."""
    from podium.events.models import RoutingRule, RoutingStep

    for rule in RoutingRule.objects.all():
        RoutingStep.objects.get_or_create(
            rule=rule,
            position=9,
            defaults={"role": Role.PREVENT_LEAD, "deadline_days": 5, "kind": "escalation"},
        )


def _event_world(personas: Personas) -> dict:
    faculty = personas.organiser.role_assignments.get().unit
    _ensure_escalation_step()
    return {
        "faculty": faculty,
        "officer": factories.make_person_with_role(Role.EVENTS_OFFICER, faculty),
        "appeals": factories.make_person_with_role(Role.APPEAL_DECIDER, faculty),
        "security": factories.make_person_with_role(Role.HEAD_OF_SECURITY, faculty),
    }


def _version(event) -> str:
    from podium.core.versioning import version_of
    from podium.events.services import VERSION_FIELDS

    event.refresh_from_db()
    return version_of(event, VERSION_FIELDS)


def event_post(
    url_name: str,
    *,
    who: str,
    stage: str = "submitted",
    data: Callable[[object], dict] = lambda e: {},
    url_kwargs: Callable[[object, object], dict] | None = None,
    after_event: bool = False,
):
    """POST to an event URL as `who` (organiser, officer, appeals, security) on a request
    brought to `stage` first."""

    def send(personas: Personas, objects: dict):
        from podium.events import services as event_services
        from podium.testing.events import approval, make_request, rejection

        world = _event_world(personas)
        organiser = personas.organiser
        late: dict[str, Any] = (
            {"starts_at": timezone.now() + timedelta(days=2), "late_reason": "The date moved."}
            if stage == "late"
            else {}
        )
        event = make_request(
            organiser=organiser, unit=world["faculty"], submit=stage != "draft", **late
        )
        decision = None
        if stage in ("approved", "conditions", "rejected", "appealed"):
            facts = {
                "approved": approval(),
                "conditions": approval(conditions=True),
                "rejected": rejection(),
                "appealed": rejection(),
            }[stage]
            decision = event_services.decide(
                acting_user=world["officer"], event_request=event, facts=facts
            )
        if stage == "appealed":
            event_services.lodge_appeal(
                acting_user=organiser, event_request=event, grounds="Unfair."
            )
        if stage == "asked":
            event_services.request_information(
                acting_user=world["officer"], event_request=event, question="Who chairs?"
            )
        user = organiser if who == "organiser" else world[who]
        body = {"version": _version(event), **data(event)}
        kwargs = url_kwargs(event, decision) if url_kwargs else {"pk": event.pk}
        if after_event:
            assert event.starts_at is not None
            with time_machine.travel(event.starts_at + timedelta(hours=3)):
                return client_for(user).post(reverse(url_name, kwargs=kwargs), body)
        return client_for(user).post(reverse(url_name, kwargs=kwargs), body)

    return send


def api_event_post(
    state: str, actor: str, path: str, body: dict | None = None, *, after_start: bool = False
):
    """A POST to /api/v1/event-requests/... by `actor` ("organiser" or a reviewing
    role), on a request of the organiser's brought to `state` through the services."""

    def send(personas: Personas, objects: dict):
        unit, organiser = objects["faculty"], personas.organiser
        _ensure_escalation_step()
        officer = factories.make_person_with_role(Role.EVENTS_OFFICER, unit)
        people = {
            "organiser": organiser,
            "officer": officer,
            "appeals": factories.make_person_with_role(Role.APPEAL_DECIDER, unit),
            "security": factories.make_person_with_role(Role.HEAD_OF_SECURITY, unit),
        }
        late = state == "late"
        request = make_request(
            organiser=organiser,
            unit=unit,
            submit=state != "draft",
            starts_at=timezone.now() + timedelta(days=2 if late else 60),
            late_reason="The date moved." if late else "",
        )
        if state == "information_requested":
            events.request_information(acting_user=officer, event_request=request, question="Who?")
        if state in ("approved", "rejected", "appealed"):
            facts = rejection() if state != "approved" else approval(conditions=True)
            events.decide(acting_user=officer, event_request=request, facts=facts)
        if state == "appealed":
            events.lodge_appeal(acting_user=organiser, event_request=request, grounds="Unfair.")
        request = EventRequest.objects.get(pk=request.pk)
        live = request.decisions.filter(is_live=True).first()
        condition = live.conditions.first() if live else None
        url = path.format(pk=request.pk, condition=condition.pk if condition else 0)
        api = ApiClient(token_for(people[actor], days=365))
        if not after_start:
            return api.post(url, body or {})
        assert request.starts_at is not None
        with time_machine.travel(request.starts_at + timedelta(hours=1)):
            return api.post(url, body or {})

    return send


def policy_post(
    name: str, data: dict | Callable[[dict], dict], pk: str | None = None
) -> Callable[[Personas, dict], object]:
    """The administrator submits an events policy form (`pk` names the record edited;
    `data` may be made from the policy records)."""

    def send(personas: Personas, objects: dict):
        kwargs = {"pk": objects["policy"][pk].pk} if pk else {}
        body = data(objects["policy"]) if callable(data) else data
        return client_for(personas.admin).post(reverse(f"events:{name}", kwargs=kwargs), body)

    return send


def add_deputy(personas: Personas, objects: dict):
    world = _event_world(personas)
    deputy = factories.make_person_with_role(Role.EVENTS_OFFICER, world["faculty"])
    today = timezone.localdate().isoformat()
    return client_for(world["officer"]).post(
        reverse("events:deputies"),
        {"deputy": deputy.email, "starts_on": today, "ends_on": today},
    )


def end_deputy(personas: Personas, objects: dict):
    from podium.events import services as event_services

    world = _event_world(personas)
    deputy = factories.make_person_with_role(Role.EVENTS_OFFICER, world["faculty"])
    today = timezone.localdate()
    entry = event_services.add_deputy(
        acting_user=world["officer"], deputy=deputy, starts_on=today, ends_on=today
    )
    return client_for(world["officer"]).post(reverse("events:deputy-end", kwargs={"pk": entry.pk}))


def _decision_data(event) -> dict:
    return {
        "outcome": "approved",
        "rationale": "Usual arrangements.",
        "conditions-TOTAL_FORMS": "0",
        "conditions-INITIAL_FORMS": "0",
    }


def _training(personas: Personas) -> dict:
    group = make_group("Security")
    course = make_course("Prevent awareness")
    requirement = make_requirement(course, group)
    staff = make_staff("T1", personas.admin.role_assignments.get().unit, group=group)
    return {"group": group, "course": course, "requirement": requirement, "staff": staff}


def training_post(name: str, data: Callable[[dict], dict] = lambda t: {}, kwargs=lambda t: {}):
    def send(personas: Personas, objects: dict):
        records = _training(personas)
        url = reverse(f"training:{name}", kwargs=kwargs(records))
        return client_for(personas.admin).post(url, data(records))

    return send


def upload_training_file(personas: Personas, objects: dict):
    upload = csv_upload([COMPLETION_HEADER, ["T1", "PREVENT-AWARENESS", "2025-01-06"]])
    return client_for(personas.admin).post(
        reverse("training:import-list"), {"kind": "completions", "file": upload}
    )


def start_training_import(personas: Personas, objects: dict):
    _training(personas)
    batch = training.upload_import(
        acting_user=personas.admin,
        kind="completions",
        upload=csv_upload([COMPLETION_HEADER, ["T1", "PREVENT-AWARENESS", "2025-01-06"]]),
    )
    return client_for(personas.admin).post(
        reverse("training:import-detail", kwargs={"pk": batch.pk}), batch.mapping
    )


TRAINING_COURSE = {
    "name": "Channel awareness",
    "code": "CHANNEL",
    "provider": "Home Office",
    "category": "broader",
    "validity_months": "36",
    "is_active": "on",
}


def _requirement_data(t: dict) -> dict:
    return {
        "course": t["course"].pk,
        "role": "prevent_lead",
        "due_within_days": "30",
        "renew_every_months": "24",
        "window_days": "60",
    }


TRAINING_CASES: dict[str, Post] = {
    "training:completion-create": Post(
        "training.completion.recorded",
        training_post(
            "completion-create",
            data=lambda t: {"course": t["course"].pk, "completed_on": "2025-01-06"},
            kwargs=lambda t: {"pk": t["staff"].pk},
        ),
    ),
    "training:import-list": Post("training.import.uploaded", upload_training_file),
    "training:import-detail": Post("training.import.applied", start_training_import),
    "training:course-list": Post(
        "training.course.created", training_post("course-list", data=lambda t: TRAINING_COURSE)
    ),
    "training:course-edit": Post(
        "training.course.changed",
        training_post(
            "course-edit",
            data=lambda t: {**TRAINING_COURSE, "code": "PREVENT-AWARENESS"},
            kwargs=lambda t: {"pk": t["course"].pk},
        ),
    ),
    "training:requirement-list": Post(
        "training.requirement.created", training_post("requirement-list", data=_requirement_data)
    ),
    "training:requirement-edit": Post(
        "training.requirement.changed",
        training_post(
            "requirement-edit",
            data=lambda t: {**_requirement_data(t), "role": "", "group": t["group"].pk},
            kwargs=lambda t: {"pk": t["requirement"].pk},
        ),
    ),
    "training:requirement-delete": Post(
        "training.requirement.deleted",
        training_post("requirement-delete", kwargs=lambda t: {"pk": t["requirement"].pk}),
    ),
    "training:group-list": Post(
        "training.staff_group.created",
        training_post("group-list", data=lambda t: {"name": "Library and IT", "is_active": "on"}),
    ),
    "training:group-edit": Post(
        "training.staff_group.changed",
        training_post(
            "group-edit",
            data=lambda t: {"name": "Estates and security"},
            kwargs=lambda t: {"pk": t["group"].pk},
        ),
    ),
}


def api_training_post(url: str, body: dict):
    def send(personas: Personas, objects: dict):
        _training(personas)
        return ApiClient(token_for(personas.admin)).post(url, body)

    return send


TRAINING_API_ROW = {
    "staff_number": "T1",
    "course": "PREVENT-AWARENESS",
    "completed_on": "2025-01-06",
}
TRAINING_CASES |= {
    "api-v1:training-completions": Post(
        "training.completion.recorded",
        api_training_post("/api/v1/training/completions", TRAINING_API_ROW),
        status=201,
    ),
    "api-v1:training-completions-bulk": Post(
        "training.completions.recorded",
        api_training_post("/api/v1/training/completions/bulk", {"rows": [TRAINING_API_ROW]}),
        status=201,
    ),
}


EVENT_CASES: dict[str, Post] = {
    "events:request-create": Post(
        "events.request.created",
        post_as(
            "organiser",
            "events:request-create",
            lambda o: {
                "title": "A talk",
                "unit": o["faculty_pk"],
                "organiser_kind": "staff",
            },
        ),
    ),
    "events:request-edit": Post(
        "events.request.changed",
        event_post(
            "events:request-edit",
            who="organiser",
            stage="draft",
            data=lambda e: {
                "title": "A new title",
                "unit": e.unit_id,
                "organiser_kind": "staff",
            },
            url_kwargs=lambda e, d: {"pk": e.pk, "step": "about"},
        ),
    ),
    "events:request-check": Post(
        "events.request.submitted",
        event_post("events:request-check", who="organiser", stage="draft"),
    ),
    "events:request-withdraw": Post(
        "events.request.withdrawn", event_post("events:request-withdraw", who="organiser")
    ),
    "events:request-ask": Post(
        "events.request.information_requested",
        event_post("events:request-ask", who="officer", data=lambda e: {"question": "Who?"}),
    ),
    "events:request-answer": Post(
        "events.request.information_given",
        event_post(
            "events:request-answer", who="organiser", stage="asked", data=lambda e: {"answer": "Me"}
        ),
    ),
    "events:request-note": Post(
        "events.request.note_added",
        event_post("events:request-note", who="officer", data=lambda e: {"text": "Checked."}),
    ),
    "events:request-escalate": Post(
        "events.request.escalated",
        event_post("events:request-escalate", who="officer", data=lambda e: {"reason": "Media"}),
    ),
    "events:request-fast-track": Post(
        "events.request.fast_tracked",
        event_post("events:request-fast-track", who="officer", stage="late"),
    ),
    "events:request-decide": Post(
        "events.request.decided",
        event_post("events:request-decide", who="officer", data=_decision_data),
    ),
    "events:request-appeal": Post(
        "events.request.appealed",
        event_post(
            "events:request-appeal",
            who="organiser",
            stage="rejected",
            data=lambda e: {"grounds": "x"},
        ),
    ),
    "events:request-appeal-decide": Post(
        "events.request.appeal_decided",
        event_post(
            "events:request-appeal-decide",
            who="appeals",
            stage="appealed",
            data=lambda e: {**_decision_data(e), "upheld": "upheld"},
        ),
    ),
    "events:request-cancel": Post(
        "events.request.cancelled",
        event_post(
            "events:request-cancel",
            who="organiser",
            stage="approved",
            data=lambda e: {"reason": "Ill"},
        ),
    ),
    "events:request-report": Post(
        "events.request.post_event_reported",
        event_post(
            "events:request-report",
            who="organiser",
            stage="approved",
            data=lambda e: {"went_ahead": "yes", "attendance": "40"},
            after_event=True,
        ),
    ),
    "events:request-incident": Post(
        "events.incident.recorded",
        event_post(
            "events:request-incident",
            who="security",
            stage="approved",
            data=lambda e: {
                "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "severity": "low",
                "description": "A heckler left when asked.",
            },
        ),
    ),
    "events:condition-confirm": Post(
        "events.condition.confirmed",
        event_post(
            "events:condition-confirm",
            who="organiser",
            stage="conditions",
            url_kwargs=lambda e, d: {"pk": d.conditions.get().pk},
        ),
    ),
    "events:condition-review": Post(
        "events.condition.reviewed",
        event_post(
            "events:condition-review",
            who="officer",
            stage="conditions",
            data=lambda e: {"review": "met"},
            url_kwargs=lambda e, d: {"pk": d.conditions.get().pk},
            after_event=True,
        ),
    ),
    "events:deputies": Post("events.deputy.added", add_deputy),
    "events:deputy-end": Post("events.deputy.ended", end_deputy),
}


def edit_routing_rule(personas: Personas, objects: dict):
    rule = objects["policy"]["routing-rule"]
    return client_for(personas.admin).post(
        reverse("events:policy-routing-rule-edit", kwargs={"pk": rule.pk}),
        {**ROUTING_RULE, "name": "Renamed", **ROUTING_STEPS},
    )


def change_risk_matrix(personas: Personas, objects: dict):
    levels = objects["policy"]["levels"]
    data = {f"cell_{lk}_{im}": levels[max(lk, im)].pk for lk in (1, 2, 3) for im in (1, 2, 3)}
    data["cell_1_1"] = levels[2].pk
    return client_for(personas.admin).post(reverse("events:policy-risk-matrix"), data)


ROUTING_RULE = {"name": "New rule", "unit": "", "risk_level": "", "order": "5", "is_active": "on"}
ROUTING_STEPS = {
    "steps-TOTAL_FORMS": "1",
    "steps-INITIAL_FORMS": "0",
    "steps-0-role": Role.PREVENT_LEAD,
    "steps-0-unit": "",
    "steps-0-deadline_days": "5",
}
QUESTION = {"text": "New?", "likelihood_points": "1", "impact_points": "0", "order": "9"}
MITIGATION = {"name": "Stewards", "default_owner": "Security", "is_active": "on"}

EVENTS = "/api/v1/event-requests"


CASES: dict[str, Post] = {
    "events:policy-settings": Post(
        "events.policy.settings.changed",
        policy_post(
            "policy-settings",
            {"nation": "SCT", "appeal_window_days": "5", "reminder_days_before_due": "1"},
        ),
    ),
    "events:policy-closure-day-add": Post(
        "events.policy.closure_day.created",
        policy_post("policy-closure-day-add", {"date": "30/12/2026", "description": "Closed"}),
    ),
    "events:policy-closure-day-edit": Post(
        "events.policy.closure_day.changed",
        policy_post(
            "policy-closure-day-edit",
            {"date": "31/12/2026", "description": "Closed"},
            pk="closure-day",
        ),
    ),
    "events:policy-closure-day-delete": Post(
        "events.policy.closure_day.deleted",
        policy_post("policy-closure-day-delete", {}, pk="closure-day"),
    ),
    "events:policy-event-type-add": Post(
        "events.policy.event_type.created",
        policy_post("policy-event-type-add", {"name": "Film", "is_active": "on"}),
    ),
    "events:policy-event-type-edit": Post(
        "events.policy.event_type.changed",
        policy_post("policy-event-type-edit", {"name": "Talk"}, pk="event-type"),
    ),
    "events:policy-notice-period-add": Post(
        "events.policy.notice_period.created",
        policy_post(
            "policy-notice-period-add",
            lambda o: {"event_type": o["event-type"].pk, "unit": "", "working_days": "5"},
        ),
    ),
    "events:policy-notice-period-edit": Post(
        "events.policy.notice_period.changed",
        policy_post(
            "policy-notice-period-edit",
            {"event_type": "", "unit": "", "working_days": "7"},
            pk="notice-period",
        ),
    ),
    "events:policy-notice-period-delete": Post(
        "events.policy.notice_period.deleted",
        policy_post("policy-notice-period-delete", {}, pk="notice-period"),
    ),
    "events:policy-campus-add": Post(
        "events.policy.campus.created",
        policy_post("policy-campus-add", {"name": "Riverside", "is_active": "on"}),
    ),
    "events:policy-campus-edit": Post(
        "events.policy.campus.changed",
        policy_post("policy-campus-edit", {"name": "City"}, pk="campus"),
    ),
    "events:policy-risk-level-add": Post(
        "events.policy.risk_level.created",
        policy_post("policy-risk-level-add", {"name": "Severe", "rank": "4"}),
    ),
    "events:policy-risk-level-edit": Post(
        "events.policy.risk_level.changed",
        policy_post("policy-risk-level-edit", {"name": "Minimal", "rank": "1"}, pk="risk-level"),
    ),
    "events:policy-risk-matrix": Post("events.policy.risk_matrix.changed", change_risk_matrix),
    "events:policy-question-add": Post(
        "events.policy.question.created", policy_post("policy-question-add", QUESTION)
    ),
    "events:policy-question-edit": Post(
        "events.policy.question.changed",
        policy_post("policy-question-edit", QUESTION, pk="question"),
    ),
    "events:policy-routing-rule-add": Post(
        "events.policy.routing_rule.created",
        policy_post("policy-routing-rule-add", {**ROUTING_RULE, **ROUTING_STEPS}),
    ),
    "events:policy-routing-rule-edit": Post(
        "events.policy.routing_rule.changed", edit_routing_rule
    ),
    "events:policy-mitigation-add": Post(
        "events.policy.mitigation.created", policy_post("policy-mitigation-add", MITIGATION)
    ),
    "events:policy-mitigation-edit": Post(
        "events.policy.mitigation.changed",
        policy_post("policy-mitigation-edit", MITIGATION, pk="mitigation"),
    ),
    "account_login": Post(
        "accounts.session.signed_in",
        post_as(
            "anonymous",
            "account_login",
            lambda o: {"login": "admin@example.ac.uk", "password": factories.PASSWORD},
        ),
    ),
    "account_logout": Post("accounts.session.signed_out", post_as("admin", "account_logout")),
    "account_reset_password": Post(
        "accounts.password.reset_requested",
        post_as("anonymous", "account_reset_password", lambda o: {"email": "admin@example.ac.uk"}),
    ),
    "account_reset_password_from_key": Post("accounts.password.reset", reset_password),
    "account_change_password": Post("accounts.password.changed", change_password),
    "mfa_activate_totp": Post(
        "accounts.mfa.added", with_totp(lambda client: enrol(client)), status=200
    ),
    "mfa_deactivate_totp": Post(
        "accounts.mfa.removed",
        with_totp(lambda client: (enrol(client), client.post(reverse("mfa_deactivate_totp")))[1]),
    ),
    "mfa_generate_recovery_codes": Post(
        "accounts.mfa.added",  # the old codes are removed and new ones added: two entries
        with_totp(
            lambda client: (enrol(client), client.post(reverse("mfa_generate_recovery_codes")))[1]
        ),
    ),
    "mfa_authenticate": Post("accounts.session.signed_in", sign_in_with_a_code),
    "mfa_remove_webauthn": Post("accounts.mfa.removed", with_totp(remove_a_security_key)),
    "usersessions_list": Post("accounts.session.signed_out_elsewhere", sign_out_elsewhere),
    "accounts:security-settings": Post(
        "accounts.security.mfa_policy_changed",
        post_as(
            "admin", "accounts:security-settings", lambda o: {"roles": [Role.PREVENT_LEAD.value]}
        ),
    ),
    "accounts:sso-provider-create": Post(
        "accounts.sso.provider_saved",
        post_as("admin", "accounts:sso-provider-create", lambda o: OIDC_PROVIDER),
    ),
    "accounts:sso-provider-edit": Post(
        "accounts.sso.provider_saved",
        post_as(
            "admin",
            "accounts:sso-provider-edit",
            lambda o: {**OIDC_PROVIDER, "provider_id": "exampleshire", "client_id": "changed"},
            kwargs=lambda o: {"pk": o["sso"].pk},
        ),
    ),
    "accounts:saml-provider-create": Post(
        "accounts.sso.provider_saved",
        post_as("admin", "accounts:saml-provider-create", saml_provider_data),
    ),
    "accounts:saml-provider-edit": Post(
        "accounts.sso.provider_saved",
        post_as(
            "admin",
            "accounts:saml-provider-edit",
            lambda o: {**saml_provider_data(o), "organisation": "exampleshire", "name": "Renamed"},
            kwargs=lambda o: {"pk": o["saml"].pk},
        ),
    ),
    "accounts:unit-create": Post(
        "accounts.unit.created",
        post_as(
            "admin",
            "accounts:unit-create",
            lambda o: {"name": "New", "kind": UnitKind.DEPARTMENT, "parent": o["unit"].pk},
        ),
    ),
    "accounts:unit-edit": Post(
        "accounts.unit.updated",
        post_as(
            "admin",
            "accounts:unit-edit",
            lambda o: {
                "name": "Renamed",
                "kind": UnitKind.DEPARTMENT,
                "parent": o["unit"].parent_id,
                "is_active": "on",
            },
            kwargs=lambda o: {"pk": o["unit"].pk},
        ),
    ),
    "accounts:unit-grant-role": Post(
        "accounts.role.granted",
        post_as(
            "admin",
            "accounts:unit-grant-role",
            lambda o: {"email": "outsider@example.ac.uk", "role": Role.PREVENT_LEAD},
            kwargs=lambda o: {"pk": o["unit"].pk},
        ),
    ),
    "accounts:role-revoke": Post(
        "accounts.role.revoked",
        post_as("admin", "accounts:role-revoke", kwargs=lambda o: {"pk": o["role"].pk}),
    ),
    "accounts:user-create": Post(
        "accounts.user.created",
        post_as(
            "admin",
            "accounts:user-create",
            lambda o: {"full_name": "New Person", "email": "new@example.ac.uk"},
        ),
    ),
    "accounts:user-edit": Post(
        "accounts.user.updated",
        post_as(
            "admin",
            "accounts:user-edit",
            lambda o: {"full_name": "Renamed Person", "email": "renamed@example.ac.uk"},
            kwargs=lambda o: {"pk": o["person"].pk},
        ),
    ),
    "accounts:user-deactivate": Post(
        "accounts.user.deactivated",
        post_as("admin", "accounts:user-deactivate", kwargs=lambda o: {"pk": o["person"].pk}),
    ),
    "accounts:user-reactivate": Post(
        "accounts.user.reactivated",
        post_as("admin", "accounts:user-reactivate", kwargs=lambda o: {"pk": o["gone"].pk}),
    ),
    # The token's secret is shown on the answer to the POST itself (200), never stored.
    "api:token-create": Post(
        "api.token.created",
        post_as(
            "admin",
            "api:token-create",
            lambda o: {"name": "Sync", "scope": TokenScope.READ, "expires_in": "30"},
        ),
        status=200,
    ),
    "api:token-revoke": Post("api.token.revoked", revoke_own_token),
    # Answers with the page that shows the new address once (only its hash is kept).
    "events:calendar-feed-settings": Post(
        "events.calendar_feed.created",
        post_as("admin", "events:calendar-feed-settings"),
        status=200,
    ),
    # /api/v1/: podium/api/tests/test_api.py checks every write operation, PATCH
    # included, writes exactly its service's entry.
    "api-v1:units": Post(
        "accounts.unit.created",
        api_post(
            lambda o: "/api/v1/units",
            lambda o: {"name": "New", "kind": UnitKind.DEPARTMENT, "parent": o["unit"].pk},
        ),
        status=201,
    ),
    "api-v1:users": Post(
        "accounts.user.created",
        api_post(
            lambda o: "/api/v1/users",
            lambda o: {"email": "api.new@example.ac.uk", "full_name": "Api New"},
        ),
        status=201,
    ),
    "api-v1:user-deactivate": Post(
        "accounts.user.deactivated",
        api_post(lambda o: f"/api/v1/users/{o['person'].pk}/deactivate"),
        status=200,
    ),
    "api-v1:user-reactivate": Post(
        "accounts.user.reactivated",
        api_post(lambda o: f"/api/v1/users/{o['gone'].pk}/reactivate"),
        status=200,
    ),
    "api-v1:role-assignments": Post(
        "accounts.role.granted",
        api_post(
            lambda o: "/api/v1/role-assignments",
            lambda o: {
                "user": o["person"].pk,
                "role": Role.EVENTS_OFFICER,
                "unit": o["unit"].pk,
            },
        ),
        status=201,
    ),
    "api-v1:role-assignment-revoke": Post(
        "accounts.role.revoked",
        api_post(lambda o: f"/api/v1/role-assignments/{o['role'].pk}/revoke"),
        status=200,
    ),
    "api-v1:event-requests": Post(
        "events.request.created",
        lambda personas, o: ApiClient(token_for(personas.organiser)).post(
            EVENTS, {"title": "A talk", "unit": o["faculty"].pk}
        ),
        status=201,
    ),
    "api-v1:event-request-submit": Post(
        "events.request.submitted",
        api_event_post("draft", "organiser", EVENTS + "/{pk}/submit"),
        status=200,
    ),
    "api-v1:event-request-withdraw": Post(
        "events.request.withdrawn",
        api_event_post("in_review", "organiser", EVENTS + "/{pk}/withdraw"),
        status=200,
    ),
    "api-v1:event-request-information-requests": Post(
        "events.request.information_requested",
        api_event_post(
            "in_review", "officer", EVENTS + "/{pk}/information-requests", {"question": "Who?"}
        ),
        status=201,
    ),
    "api-v1:event-request-answer": Post(
        "events.request.information_given",
        api_event_post(
            "information_requested",
            "organiser",
            EVENTS + "/{pk}/information-requests/answer",
            {"answer": "Me."},
        ),
        status=200,
    ),
    "api-v1:event-request-notes": Post(
        "events.request.note_added",
        api_event_post("in_review", "officer", EVENTS + "/{pk}/notes", {"text": "Known."}),
        status=201,
    ),
    "api-v1:event-request-escalate": Post(
        "events.request.escalated",
        api_event_post("in_review", "officer", EVENTS + "/{pk}/escalate", {"reason": "Media."}),
        status=200,
    ),
    "api-v1:event-request-fast-track": Post(
        "events.request.fast_tracked",
        api_event_post("late", "officer", EVENTS + "/{pk}/fast-track"),
        status=200,
    ),
    "api-v1:event-request-decision": Post(
        "events.request.decided",
        api_event_post(
            "in_review",
            "officer",
            EVENTS + "/{pk}/decision",
            {"outcome": "approved", "rationale": "Fine."},
        ),
        status=201,
    ),
    "api-v1:event-request-appeal": Post(
        "events.request.appealed",
        api_event_post("rejected", "organiser", EVENTS + "/{pk}/appeal", {"grounds": "Unfair."}),
        status=201,
    ),
    "api-v1:event-request-appeal-decision": Post(
        "events.request.appeal_decided",
        api_event_post(
            "appealed",
            "appeals",
            EVENTS + "/{pk}/appeal/decision",
            {"upheld": False, "rationale": "The decision stands."},
        ),
        status=201,
    ),
    "api-v1:event-request-cancel": Post(
        "events.request.cancelled",
        api_event_post(
            "approved", "organiser", EVENTS + "/{pk}/cancel", {"reason": "Speaker ill."}
        ),
        status=200,
    ),
    "api-v1:event-request-condition-confirm": Post(
        "events.condition.confirmed",
        api_event_post("approved", "organiser", EVENTS + "/{pk}/conditions/{condition}/confirm"),
        status=200,
    ),
    "api-v1:event-request-condition-review": Post(
        "events.condition.reviewed",
        api_event_post(
            "approved",
            "officer",
            EVENTS + "/{pk}/conditions/{condition}/review",
            {"review": "met"},
            after_start=True,
        ),
        status=200,
    ),
    "api-v1:event-request-post-event-report": Post(
        "events.request.post_event_reported",
        api_event_post(
            "approved",
            "organiser",
            EVENTS + "/{pk}/post-event-report",
            {"went_ahead": True, "attendance": 80, "conditions_met": "met"},
            after_start=True,
        ),
        status=201,
    ),
    "api-v1:event-request-incidents": Post(
        "events.incident.recorded",
        api_event_post(
            "approved",
            "security",
            EVENTS + "/{pk}/incidents",
            {"occurred_at": "2000-01-01T10:00:00Z", "severity": "low", "description": "Noise."},
        ),
        status=201,
    ),
}


# --- The student event-organiser briefing (podium/training/briefings) -----------------


def _briefing_student(personas: Personas) -> Any:
    """A student organiser of a society, and a published briefing."""
    from podium.training.briefings import services as briefings

    union = factories.make_unit(name="Union", kind=UnitKind.STUDENTS_UNION)
    society = factories.make_unit(parent=union, name="Chess Society", kind=UnitKind.SOCIETY)
    student = factories.make_person_with_role(
        Role.ORGANISER, society, email="student@example.ac.uk"
    )
    briefings.publish_version(
        acting_user=personas.admin,
        title="Briefing",
        body="Text",
        valid_for_months=12,
        remind_days_before=30,
    )
    return student


def briefing_confirm(personas: Personas, objects: dict):
    student = _briefing_student(personas)
    return client_for(student).post(reverse("training:briefing"), {"version": 1, "confirm": "on"})


def briefing_attendance(personas: Personas, objects: dict):
    _briefing_student(personas)
    return client_for(personas.admin).post(
        reverse("training:briefing-attendance"),
        {"student_email": "student@example.ac.uk", "attended_on": date.today().isoformat()},
    )


def briefing_publish(personas: Personas, objects: dict):
    return client_for(personas.admin).post(
        reverse("training:briefing-versions"),
        {"title": "Briefing", "body": "Text", "valid_for_months": "12", "remind_days_before": "30"},
    )


def briefing_api_attendance(personas: Personas, objects: dict):
    _briefing_student(personas)
    return ApiClient(token_for(personas.admin)).post(
        "/api/v1/briefings/attendances",
        {"student_email": "student@example.ac.uk", "attended_on": date.today().isoformat()},
    )


TRAINING_CASES |= {
    "training:briefing": Post("training.briefing.completed", briefing_confirm),
    "training:briefing-attendance": Post("training.briefing.completed", briefing_attendance),
    "training:briefing-versions": Post("training.briefing.published", briefing_publish),
    "api-v1:briefing-attendances": Post(
        "training.briefing.completed", briefing_api_attendance, status=201
    ),
}


# POST URLs that change no stored record, or whose audit entry needs a real
# identity provider and is proven by its own end-to-end test.
CASES.update(TRAINING_CASES)
CASES.update(EVENT_CASES)


# --- Prevent concerns (podium/concerns) ----------------------------------------------


def concerns_post(role: Role | None, url_name: str, data: dict, *, on_case: bool = False):
    """POST as a new holder of `role` (anyone signed in, with None), on a fresh case."""

    def send(personas: Personas, objects: dict):
        from podium.concerns import services as concerns

        institution = objects["faculty"].parent
        actor = (
            factories.make_person_with_role(role, institution)
            if role is not None
            else factories.make_user()
        )
        kwargs = {}
        if on_case:
            case = concerns.share_concern(
                acting_user=factories.make_user(),
                noticed="Noticed",
                noticed_on=timezone.localdate(),
                immediate_danger=False,
            )
            kwargs = {"pk": case.pk}
        body = {k: (v(kwargs) if callable(v) else v) for k, v in data.items()}
        return client_for(actor).post(reverse(url_name, kwargs=kwargs), body)

    return send


def _break_glass(personas: Personas, objects: dict):
    from podium.concerns import services as concerns

    case = concerns.share_concern(
        acting_user=factories.make_user(),
        noticed="Noticed",
        noticed_on=timezone.localdate(),
        immediate_danger=False,
    )
    security = factories.make_person_with_role(Role.HEAD_OF_SECURITY, objects["faculty"].parent)
    return client_for(security).post(
        reverse("concerns:break-glass"), {"reference": case.reference, "reason": "Incident."}
    )


def _event_edit(personas: Personas, objects: dict):
    from podium.concerns.models import ReportableEvent

    lead = factories.make_person_with_role(Role.PREVENT_LEAD, objects["faculty"].parent)
    event = ReportableEvent.objects.create(
        occurred_on=date(2026, 1, 5), category="serious_incident", description="x", recorded_by=lead
    )
    return client_for(lead).post(
        reverse("concerns:event-edit", kwargs={"pk": event.pk}),
        {"occurred_on": "2026-01-05", "category": "serious_incident", "description": "Changed"},
    )


def _follow_up(done: bool):
    def send(personas: Personas, objects: dict):
        from podium.concerns.models import FollowUpAction, ReportableEvent

        lead = factories.make_person_with_role(Role.PREVENT_LEAD, objects["faculty"].parent)
        event = ReportableEvent.objects.create(
            occurred_on=date(2026, 1, 5),
            category="serious_incident",
            description="x",
            recorded_by=lead,
        )
        if not done:
            return client_for(lead).post(
                reverse("concerns:action-add", kwargs={"pk": event.pk}),
                {"action": "Brief the board", "owner": lead.pk, "due_on": "2026-02-01"},
            )
        action = FollowUpAction.objects.create(
            event=event, action="x", owner=lead, due_on=date(2026, 2, 1), created_by=lead
        )
        return client_for(lead).post(
            reverse("concerns:action-done", kwargs={"pk": event.pk, "action_pk": action.pk})
        )

    return send


CONCERNS_CASES: dict[str, Post] = {
    "concerns:action-add": Post("concerns.action.added", _follow_up(done=False)),
    "concerns:action-done": Post("concerns.action.done", _follow_up(done=True)),
    "concerns:share": Post(
        "concerns.case.shared",
        concerns_post(
            None,
            "concerns:share",
            {"immediate_danger": "no", "noticed": "Worrying.", "noticed_on": "2026-03-01"},
        ),
    ),
    "concerns:case-update": Post(
        "concerns.case.changed",
        concerns_post(
            Role.SAFEGUARDING_OFFICER, "concerns:case-update", {"urgent": "on"}, on_case=True
        ),
    ),
    "concerns:note-add": Post(
        "concerns.note.added",
        concerns_post(Role.PREVENT_LEAD, "concerns:note-add", {"text": "Spoke."}, on_case=True),
    ),
    "concerns:identity": Post(
        "concerns.identity.changed",
        concerns_post(
            Role.SAFEGUARDING_OFFICER,
            "concerns:identity",
            {"full_name": "A Person", "number": "", "contact": ""},
            on_case=True,
        ),
    ),
    "concerns:break-glass": Post("concerns.break_glass.granted", _break_glass),
    "concerns:event-list": Post(
        "concerns.event.recorded",
        concerns_post(
            Role.PREVENT_LEAD,
            "concerns:event-list",
            {"occurred_on": "2026-01-05", "category": "serious_incident", "description": "x"},
        ),
    ),
    "concerns:event-edit": Post("concerns.event.changed", _event_edit),
    "concerns:settings": Post(
        "concerns.settings.changed",
        post_as(
            "admin",
            "concerns:settings",
            lambda o: {
                "guidance": "Notice, check, share.",
                "contacts": "Claire",
                "jurisdiction": "england",
                "ideologies": "Islamist\nOther",
                "indicators": "Something",
                "suppression_threshold": "5",
                "reporting_window_days": "14",
                "break_glass_hours": "4",
                "students_may_share": "on",
            },
        ),
    ),
}
CASES.update(CONCERNS_CASES)


# --- The speaker register (podium/speakers) ------------------------------------------


def _register_reviewer(personas: Personas):
    institution = personas.admin.role_assignments.get().unit
    return factories.make_person_with_role(Role.PREVENT_LEAD, institution)


def _register_speaker(personas: Personas, name: str = "Muhammad al-Hasan"):
    from podium.speakers import services as register

    return register.create_speaker(
        acting_user=personas.organiser, facts=register.SpeakerFacts(name=name)
    )


def as_register_reviewer(url_name: str, data: Callable[[Personas], dict], *, merge: bool = False):
    def send(personas: Personas, objects: dict):
        speaker = _register_speaker(personas)
        if merge:
            other = _register_speaker(personas, "Mohamed Al Hassan")
            body = {"other": str(other.pk), "reason": "Same person."}
        else:
            body = data(personas)
        client = client_for(_register_reviewer(personas))
        return client.post(reverse(url_name, kwargs={"pk": speaker.pk}), body)

    return send


def register_api(path: str, body: Callable[[Any, Any], dict], *, as_reviewer: bool = True):
    def send(personas: Personas, objects: dict):
        speaker = _register_speaker(personas)
        other = _register_speaker(personas, "Mohamed Al Hassan")
        user = _register_reviewer(personas) if as_reviewer else personas.organiser
        client = ApiClient(token_for(user))
        return client.post(path.format(pk=speaker.pk), body(speaker, other))

    return send


def _acknowledgement(personas: Personas, *, submit: bool = False):
    from podium.speakers import services as register
    from podium.speakers.models import Speaker

    register.publish_code_of_conduct(acting_user=personas.admin, text="Be civil.")
    event = make_request(organiser=personas.organiser, unit=personas_unit(personas), submit=submit)
    # The link goes to the speaker's address on record.
    Speaker.objects.filter(appearances__request=event).update(email="jane@example.org")
    return event, register


def personas_unit(personas: Personas):
    return personas.organiser.role_assignments.get().unit


def send_acknowledgement(personas: Personas, objects: dict):
    event, _ = _acknowledgement(personas)
    return client_for(personas.organiser).post(
        reverse("speakers:acknowledgement-send", kwargs={"pk": event.pk}),
        {"speaker": str(event.speakers.get().speaker_id), "email": ""},
    )


def confirm_acknowledgement_address(personas: Personas, objects: dict):
    from podium.events.speakers import acknowledgements
    from podium.speakers.models import Speaker

    event, _ = _acknowledgement(personas, submit=True)
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser,
        event_request=event,
        speaker=Speaker.objects.get(pk=event.speakers.get().speaker_id),
        email="someone.else@example.net",
    )
    return client_for(_register_reviewer(personas)).post(
        reverse("speakers:acknowledgement-confirm-address", kwargs={"pk": ack.pk})
    )


def answer_acknowledgement(personas: Personas, objects: dict):
    from podium.events.speakers import acknowledgements
    from podium.speakers.models import Speaker

    event, _ = _acknowledgement(personas)
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser,
        event_request=event,
        speaker=Speaker.objects.get(pk=event.speakers.get().speaker_id),
    )
    url = reverse(
        "speakers:acknowledge", kwargs={"token": acknowledgements.acknowledgement_token(ack)}
    )
    response = Client().post(url, {"answer": "accept", "version": "1"})
    assert b"You accepted version 1" in response.content
    return response


def _sources() -> list[int]:
    from podium.testing.speakers import restore_default_sources

    return [source.pk for source in restore_default_sources()[:1]]


SPEAKER_CASES: dict[str, Post] = {
    "speakers:speaker-create": Post(
        "speakers.speaker.created",
        post_as("organiser", "speakers:speaker-create", lambda o: {"name": "Jane Example"}),
    ),
    "speakers:speaker-edit": Post(
        "speakers.speaker.updated",
        as_register_reviewer("speakers:speaker-edit", lambda p: {"name": "Muhammad al-Hasan"}),
    ),
    "speakers:speaker-check": Post(
        "speakers.check.recorded",
        as_register_reviewer(
            "speakers:speaker-check",
            lambda p: {
                "sources": _sources(),
                "checked_on": timezone.localdate().isoformat(),
                "findings": "Nothing found.",
            },
        ),
    ),
    "speakers:speaker-merge": Post(
        "speakers.speaker.merged",
        as_register_reviewer("speakers:speaker-merge", lambda p: {}, merge=True),
    ),
    "speakers:settings": Post(
        "speakers.policy.updated",
        post_as(
            "admin",
            "speakers:settings",
            lambda o: {"recheck_months": "18", "acknowledgement_valid_days": "30"},
        ),
    ),
    "speakers:source-add": Post(
        "speakers.source.added",
        post_as("admin", "speakers:source-add", lambda o: {"name": "Court records"}),
    ),
    "speakers:source-toggle": Post(
        "speakers.source.retired",
        post_as("admin", "speakers:source-toggle", kwargs=lambda o: {"pk": _sources()[0]}),
    ),
    "speakers:code-of-conduct": Post(
        "speakers.code_of_conduct.published",
        post_as("admin", "speakers:code-of-conduct", lambda o: {"text": "Be civil."}),
    ),
    "speakers:acknowledgement-send": Post("speakers.acknowledgement.sent", send_acknowledgement),
    "speakers:acknowledgement-confirm-address": Post(
        "speakers.acknowledgement.address_confirmed", confirm_acknowledgement_address
    ),
    # The thank-you page is shown in place (200): the link is used up, so there is
    # nothing to redirect to.
    "speakers:acknowledge": Post(
        "speakers.acknowledgement.answered", answer_acknowledgement, status=200
    ),
    "api-v1:speakers": Post(
        "speakers.speaker.created",
        register_api("/api/v1/speakers", lambda s, o: {"name": "Jane Example"}, as_reviewer=False),
        status=201,
    ),
    "api-v1:speaker-merge": Post(
        "speakers.speaker.merged",
        register_api(
            "/api/v1/speakers/{pk}/merge", lambda s, o: {"merged": o.pk, "reason": "Same."}
        ),
        status=200,
    ),
    "api-v1:speaker-checks": Post(
        "speakers.check.recorded",
        register_api(
            "/api/v1/speakers/{pk}/checks",
            lambda s, o: {
                "sources": _sources(),
                "checked_on": timezone.localdate().isoformat(),
                "findings": "Nothing found.",
            },
        ),
        status=201,
    ),
}
CASES.update(SPEAKER_CASES)


# --- Data protection (podium/privacy) -------------------------------------------------


def _dpo(personas: Personas):
    unit = personas.admin.role_assignments.get().unit
    return factories.make_person_with_role(Role.DATA_PROTECTION_OFFICER, unit)


def _breach(dpo):
    from podium.privacy import services as privacy

    return privacy.record_breach(
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


def privacy_post(
    name: str, data: Callable[[Any], dict] = lambda dpo: {}, kwargs=lambda dpo: {}
) -> Callable[[Personas, dict], object]:
    def send(personas: Personas, objects: dict):
        dpo = _dpo(personas)
        return client_for(dpo).post(reverse(f"privacy:{name}", kwargs=kwargs(dpo)), data(dpo))

    return send


def _rule_set_by(dpo) -> dict:
    from podium.privacy import services as privacy

    privacy.set_rule(
        acting_user=dpo,
        record_type="notify.message",
        months=6,
        runs_from="sent_at",
        action="delete",
    )
    return {"record_type": "notify.message"}


def _hold_on_self(dpo) -> dict:
    from podium.privacy import services as privacy

    hold = privacy.place_hold(acting_user=dpo, kind="person", record_id=dpo.pk, reason="Claim")
    return {"pk": hold.pk}


BREACH_FORM = {
    "discovered_at": "2026-03-01T09:00",
    "summary": "Lost laptop",
    "data_subjects": "Speakers",
    "risk": "risk",
}

PRIVACY_CASES: dict[str, Post] = {
    "privacy:rule-edit": Post(
        "privacy.rule.changed",
        privacy_post(
            "rule-edit",
            lambda dpo: {"months": "6", "runs_from": "sent_at", "action": "delete"},
            lambda dpo: {"record_type": "notify.message"},
        ),
    ),
    "privacy:rule-reset": Post(
        "privacy.rule.reset", privacy_post("rule-reset", kwargs=_rule_set_by)
    ),
    "privacy:dry-run": Post("privacy.retention.dry_run", privacy_post("dry-run")),
    "privacy:run-now": Post("privacy.retention.applied", privacy_post("run-now")),
    "privacy:hold-list": Post(
        "privacy.hold.placed",
        privacy_post(
            "hold-list", lambda dpo: {"kind": "person", "record_id": dpo.pk, "reason": "Claim"}
        ),
    ),
    "privacy:hold-detail": Post(
        "privacy.hold.lifted",
        privacy_post("hold-detail", lambda dpo: {"reason": "Closed"}, _hold_on_self),
    ),
    "privacy:breach-create": Post(
        "privacy.breach.recorded", privacy_post("breach-create", lambda dpo: BREACH_FORM)
    ),
    "privacy:breach-edit": Post(
        "privacy.breach.changed",
        privacy_post(
            "breach-edit",
            lambda dpo: {**BREACH_FORM, "risk": "high"},
            lambda dpo: {"pk": _breach(dpo).pk},
        ),
    ),
}
CASES.update(PRIVACY_CASES)


def sar_post(name: str, make: Callable[[], Any], data: Callable[[Any], dict] = lambda s: {}):
    """POST as the DPO who logged a request made by `make()`."""

    def send(personas: Personas, objects: dict):
        sar = make()
        url = reverse(f"subject_access:{name}", kwargs={"pk": sar.pk})
        return client_for(sar.logged_by).post(url, data(sar))

    return send


def _stopped_request() -> Any:
    sar = sar_testing.logged_request()
    return sar_services.stop_clock(acting_user=sar.logged_by, sar=sar, stop_reason="identity")


def _withheld_request() -> Any:
    sar = sar_testing.confirmed_request()
    user = sar.candidates.get()
    sar_services.withhold(
        acting_user=sar.logged_by,
        sar=sar,
        record_type="accounts.User",
        record_id=user.record_id,
        field_name="email",
        exemption="crime",
        reason="Part of a live police investigation",
    )
    return sar


def _withhold_data(sar: Any) -> dict:
    return {
        "record_type": "accounts.User",
        "record_id": sar.candidates.get().record_id,
        "field_name": "full_name",
        "exemption": "crime",
        "reason": "Part of a live police investigation",
    }


def _log_as_dpo(personas: Personas, objects: dict):
    client = client_for(sar_testing.make_dpo())
    return client.post(
        reverse("subject_access:create"),
        {"requester_name": "Rita Requester", "received_on": "2026-03-01"},
    )


SUBJECT_ACCESS_CASES: dict[str, Post] = {
    "subject_access:create": Post("subject_access.request.logged", _log_as_dpo),
    "subject_access:identity": Post(
        "subject_access.identity.checked",
        sar_post("identity", sar_testing.logged_request, lambda s: {"method": "photo_id"}),
    ),
    "subject_access:stop-clock": Post(
        "subject_access.clock.stopped",
        sar_post("stop-clock", sar_testing.logged_request, lambda s: {"stop_reason": "identity"}),
    ),
    "subject_access:restart-clock": Post(
        "subject_access.clock.restarted", sar_post("restart-clock", _stopped_request)
    ),
    "subject_access:extend": Post(
        "subject_access.request.extended",
        sar_post(
            "extend",
            sar_testing.logged_request,
            lambda s: {"reason": "Records in three systems to search"},
        ),
    ),
    "subject_access:search": Post(
        "subject_access.search.run", sar_post("search", sar_testing.searched_request)
    ),
    "subject_access:decide": Post(
        "subject_access.candidate.decided",
        sar_post(
            "decide",
            sar_testing.searched_request,
            lambda s: {"candidate": s.candidates.get().pk, "confirmed": "yes"},
        ),
    ),
    "subject_access:withhold": Post(
        "subject_access.record.withheld",
        sar_post("withhold", sar_testing.confirmed_request, _withhold_data),
    ),
    "subject_access:remove-withholding": Post(
        "subject_access.withholding.removed",
        sar_post(
            "remove-withholding",
            _withheld_request,
            lambda s: {"withholding": s.withholdings.get().pk},
        ),
    ),
    "subject_access:review": Post(
        "subject_access.request.reviewed", sar_post("review", sar_testing.confirmed_request)
    ),
    "subject_access:release": Post(
        "subject_access.request.released", sar_post("release", sar_testing.reviewed_request)
    ),
}

CASES.update(SUBJECT_ACCESS_CASES)


# --- Information sharing (podium/sharing) ------------------------------------------


def _sharing_case(
    person: str,
    url_name: str,
    data: Callable[[Any, dict], dict] = lambda s, r: {},
    kwargs: Callable[[Any, dict], dict] = lambda s, r: {},
    query: Callable[[Any, dict], str] = lambda s, r: "",
    prepare: str = "",
):
    """POST as one of the sharing people (`podium.testing.sharing.make_sharing`) after
    making a disclosure (`prepare`: "draft", "awaiting", "urgent", "incoming") and a
    speaker request with one partner."""

    def send(personas: Personas, objects: dict):
        from podium.sharing import services as sharing
        from podium.testing.sharing import facts, make_sharing

        s = make_sharing(personas.admin.role_assignments.get().unit)
        records: dict[str, Any] = {}
        if prepare:
            overrides = (
                {"direction": "incoming", "received": "They told us."}
                if prepare == "incoming"
                else {}
            )
            d = sharing.create_disclosure(acting_user=s.prevent, facts=facts(s, **overrides))
            if prepare == "awaiting":
                d = sharing.submit_for_sign_off(acting_user=s.prevent, disclosure=d)
            if prepare == "urgent":
                d = sharing.mark_sent(acting_user=s.prevent, disclosure=d, urgent_reason="Now.")
            records["disclosure"] = d
        request = sharing.ask_partners(
            acting_user=s.prevent,
            speaker_id=s.speaker.pk,
            partners=[s.partner],
            question="Q?",
            due_on=None,
        )
        records["recipient"] = request.recipients.get()
        url = reverse(f"sharing:{url_name}", kwargs=kwargs(s, records)) + query(s, records)
        return client_for(getattr(s, person)).post(url, data(s, records))

    return send


def _disclosure(s: Any, r: dict) -> dict:
    return {"pk": r["disclosure"].pk}


def _disclosure_data(s: Any, r: dict) -> dict:
    from podium.testing.sharing import form_data

    return form_data(s)


def _agreement_data(s: Any) -> dict:
    return {
        "title": "Speakers with Northshire",
        "partners": [s.partner.pk],
        "purpose": "Speaker assessments",
        "data_categories": "Names, affiliations",
        "lawful_bases": "Public task",
        "starts_on": "2026-01-05",
        "retention_years": "6",
        "owner": s.dpo.pk,
    }


def _agreement(s: Any) -> Any:
    from podium.sharing import services as sharing

    data = _agreement_data(s)
    data.update(partners=[s.partner], owner=s.dpo, starts_on=date(2026, 1, 5), retention_years=6)
    return sharing.save_agreement(acting_user=s.dpo, agreement=None, **data)


def _exchange_case(person: str, url_name: str, data: Callable[[Any, Any], dict], *, on: str = ""):
    """POST as the sharing people with a Podium peer (`podium.testing.exchange`) and,
    for `on`, the record the URL names: "peer", "key" (untrusted), "sent" (a request
    sent to the peer) or "received" (a request the peer sent us)."""

    def send(personas: Personas, objects: dict):
        from django.test import Client as TestClient

        from podium.exchange.models import Message
        from podium.sharing import services as sharing
        from podium.testing.exchange import make_peer, request_body
        from podium.testing.exchange import send as send_signed
        from podium.testing.sharing import make_sharing

        s = make_sharing(personas.admin.role_assignments.get().unit)
        peer = make_peer(s, trusted=on != "key")
        kwargs: dict[str, Any] = {}
        if on in ("peer", "key"):
            kwargs = {"pk": peer.peer.pk}
        if on == "key":
            kwargs["key_pk"] = peer.key.pk
        if on == "sent":
            request = sharing.ask_partners(
                acting_user=s.prevent, speaker_id=s.speaker.pk, partners=[s.partner],
                question="Q?", due_on=None,
            )  # fmt: skip
            kwargs = {"pk": Message.objects.get(request=request).pk}
        if on == "received":
            send_signed(TestClient(), peer, request_body())
            kwargs = {"pk": Message.objects.get(direction="incoming").request_id}
        url = reverse(f"exchange:{url_name}", kwargs=kwargs)
        return client_for(getattr(s, person)).post(url, data(s, peer))

    return send


def _answer_data(s: Any, peer: Any) -> dict:
    return {
        "rag": "amber",
        "summary": "Conditions were set and kept.",
        "speaker_id": s.speaker.pk,
        "fields_shared": ["name", "affiliations"],
        "purpose": s.purpose.pk,
        "lawful_basis": "public_task",
        "necessity": "They assess the same speaker.",
        "one_off_reason": "Over the exchange.",
    }


def _new_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from podium.exchange import keys

    return keys.encode_public(Ed25519PrivateKey.generate().public_key())


EXCHANGE_CASES: dict[str, Post] = {
    "exchange:peer-list": Post(
        "exchange.peer.registered",
        _exchange_case(
            "admin",
            "peer-list",
            lambda s, p: {
                "name": "Southshire Podium",
                "base_url": "https://podium.southshire.example",
                "partner": s.other_partner.pk,
                "public_key": _new_key(),
            },
        ),
    ),
    "exchange:peer-detail": Post(
        "exchange.peer_key.added",
        _exchange_case("admin", "peer-detail", lambda s, p: {"public_key": _new_key()}, on="peer"),
    ),
    "exchange:key-trust": Post(
        "exchange.peer_key.trusted",
        _exchange_case("admin", "key-trust", lambda s, p: {"confirmed": "on"}, on="key"),
    ),
    "exchange:message-detail": Post(
        "exchange.message.queued",
        _exchange_case(
            "prevent", "message-detail", lambda s, p: {"reason": "Cancelled."}, on="sent"
        ),
    ),
    "exchange:answer": Post(
        "exchange.message.prepared",
        _exchange_case("prevent", "answer", _answer_data, on="received"),
    ),
}

CASES.update(EXCHANGE_CASES)


SHARING_CASES: dict[str, Post] = {
    "sharing:disclosure-create": Post(
        "sharing.disclosure.created",
        _sharing_case(
            "prevent",
            "disclosure-create",
            _disclosure_data,
            query=lambda s, r: f"?direction=outgoing&speaker={s.speaker.pk}",
        ),
    ),
    "sharing:disclosure-edit": Post(
        "sharing.disclosure.changed",
        _sharing_case("prevent", "disclosure-edit", _disclosure_data, _disclosure, prepare="draft"),
    ),
    "sharing:disclosure-submit": Post(
        "sharing.disclosure.submitted",
        _sharing_case("prevent", "disclosure-submit", kwargs=_disclosure, prepare="draft"),
    ),
    "sharing:disclosure-sign-off": Post(
        "sharing.disclosure.refused",
        _sharing_case(
            "dpo",
            "disclosure-sign-off",
            lambda s, r: {"sign-decision": "refuse", "sign-reason": "Too much."},
            _disclosure,
            prepare="awaiting",
        ),
    ),
    "sharing:disclosure-send": Post(
        "sharing.disclosure.sent",
        _sharing_case(
            "security",
            "disclosure-send",
            lambda s, r: {"send-urgent_reason": "Risk to life."},
            _disclosure,
            prepare="draft",
        ),
    ),
    "sharing:disclosure-withdraw": Post(
        "sharing.disclosure.withdrawn",
        _sharing_case(
            "prevent",
            "disclosure-withdraw",
            lambda s, r: {"withdraw-reason": "Not needed."},
            _disclosure,
            prepare="draft",
        ),
    ),
    "sharing:disclosure-review": Post(
        "sharing.disclosure.reviewed",
        _sharing_case(
            "dpo",
            "disclosure-review",
            lambda s, r: {"review-note": "Proportionate."},
            _disclosure,
            prepare="urgent",
        ),
    ),
    "sharing:disclosure-record": Post(
        "sharing.disclosure.recorded",
        _sharing_case("prevent", "disclosure-record", kwargs=_disclosure, prepare="incoming"),
    ),
    "sharing:request-create": Post(
        "sharing.request.created",
        _sharing_case(
            "prevent",
            "request-create",
            lambda s, r: {"partners": [s.partner.pk, s.other_partner.pk], "question": "Q?"},
            query=lambda s, r: f"?speaker={s.speaker.pk}",
        ),
    ),
    "sharing:request-receive": Post(
        "sharing.request.created",
        _sharing_case(
            "prevent",
            "request-receive",
            lambda s, r: {"partner": s.partner.pk, "speaker_name": "A. N. Other", "question": "Q?"},
        ),
    ),
    "sharing:request-answer": Post(
        "sharing.request.answered",
        _sharing_case(
            "prevent",
            "request-answer",
            lambda s, r: {
                "rag": "amber",
                "summary": "Spoke with a chair.",
                "lawful_basis": "public_task",
            },
            lambda s, r: {"pk": r["recipient"].pk},
        ),
    ),
    "sharing:partner-list": Post(
        "sharing.partner.created",
        _sharing_case(
            "dpo",
            "partner-list",
            lambda s, r: {
                "name": "Counter Terrorism Policing",
                "kind": "ct_policing",
                "contact_name": "DS Harper",
                "contact_route": "ctp@police.example.uk",
                "is_active": "on",
            },
        ),
    ),
    "sharing:partner-edit": Post(
        "sharing.partner.changed",
        _sharing_case(
            "admin",
            "partner-edit",
            lambda s, r: {
                "name": "University of Northshire",
                "kind": "university",
                "contact_name": "Dr Other",
                "contact_route": "prevent@northshire.ac.uk",
            },
            lambda s, r: {"pk": s.partner.pk},
        ),
    ),
    "sharing:purpose-list": Post(
        "sharing.purpose.created",
        _sharing_case("admin", "purpose-list", lambda s, r: {"name": "Safeguarding"}),
    ),
    "sharing:purpose-edit": Post(
        "sharing.purpose.changed",
        _sharing_case(
            "admin",
            "purpose-edit",
            lambda s, r: {"name": "Speaker assessment", "is_active": "on"},
            lambda s, r: {"pk": s.purpose.pk},
        ),
    ),
    "sharing:agreement-list": Post(
        "sharing.agreement.created",
        _sharing_case("dpo", "agreement-list", lambda s, r: _agreement_data(s)),
    ),
    "sharing:agreement-detail": Post(
        "sharing.agreement.changed",
        _sharing_case(
            "dpo",
            "agreement-detail",
            lambda s, r: {**_agreement_data(s), "title": "Renamed"},
            lambda s, r: {"pk": _agreement(s).pk},
        ),
    ),
    "sharing:agreement-review": Post(
        "sharing.agreement.reviewed",
        _sharing_case(
            "dpo",
            "agreement-review",
            lambda s, r: {"review-outcome": "continue"},
            lambda s, r: {"pk": _agreement(s).pk},
        ),
    ),
    "sharing:policy": Post(
        "sharing.policy.published",
        _sharing_case("dpo", "policy", lambda s, r: {"text": "Our appropriate policy."}),
    ),
}


def _api_sign_off(personas: Personas, objects: dict):
    from podium.sharing import services as sharing
    from podium.testing.sharing import facts, make_sharing

    s = make_sharing(personas.admin.role_assignments.get().unit)
    d = sharing.create_disclosure(acting_user=s.prevent, facts=facts(s))
    sharing.submit_for_sign_off(acting_user=s.prevent, disclosure=d)
    return ApiClient(token_for(s.dpo)).post(
        f"/api/v1/disclosures/{d.pk}/sign-off", {"approve": True}
    )


SHARING_CASES["api-v1:disclosure-sign-off"] = Post(
    "sharing.disclosure.approved", _api_sign_off, status=200
)
CASES.update(SHARING_CASES)


# --- Security-sensitive research (podium/research) ---------------------------------


def _research(objects: dict, *, approved: bool = False) -> dict:
    """A staff member's registration in the department, and its approver."""
    researcher = factories.make_user(full_name="Eleanor Whitby")
    approver = factories.make_person_with_role(Role.RESEARCH_GOVERNANCE, objects["unit"])
    registration = research_testing.register(researcher, objects["unit"])
    if approved:
        registration = research.approve(acting_user=approver, registration=registration)
    return {"researcher": researcher, "approver": approver, "registration": registration}


def research_post(
    url_name: str, who: str, data: dict | str | None = None, *, approved: bool = False
):
    def send(personas: Personas, objects: dict):
        r = _research(objects, approved=approved)
        url = reverse(f"research:{url_name}", kwargs={"pk": r["registration"].pk})
        if data == "renewal":  # a year after the current end date
            ends_on = r["registration"].ends_on
            return client_for(r[who]).post(url, {"ends_on": ends_on.replace(year=ends_on.year + 1)})
        return client_for(r[who]).post(url, data or {})

    return send


def research_lookup(personas: Personas, objects: dict):
    _research(objects)
    security = factories.make_person_with_role(Role.HEAD_OF_SECURITY, objects["faculty"])
    return client_for(security).post(
        reverse("research:lookup"),
        {"query": "Eleanor Witby", "purpose": "police", "reason": "Police asked about her work."},
    )


def research_api_lookup(personas: Personas, objects: dict):
    _research(objects)
    security = factories.make_person_with_role(Role.HEAD_OF_SECURITY, objects["faculty"])
    return ApiClient(token_for(security)).post(
        "/api/v1/research-lookups",
        {"query": "Eleanor Witby", "purpose": "police", "reason": "Police asked about her work."},
    )


def research_form(objects: dict) -> dict:
    return research_testing.form_data(objects["unit"])


def research_api_body(objects: dict) -> dict:
    kind, location = research_testing.lists()
    return {
        "title": "A corpus study",
        "researcher_kind": "staff",
        "researcher_number": "S100",
        "unit": objects["unit"].pk,
        "ethics_reference": "ETH-1",
        "material_kinds": [kind.pk],
        "storage_location": location.pk,
        "storage_attested": True,
        "starts_on": research_testing.today().isoformat(),
        "ends_on": (research_testing.today() + timedelta(days=365)).isoformat(),
    }


def research_material(objects: dict) -> dict:
    kind, _ = research_testing.lists()
    return {"kind": "material", "pk": kind.pk}


CASES.update(
    {
        "research:create": Post(
            "research.registration.submitted",
            post_as("organiser", "research:create", research_form),
        ),
        "research:approve": Post(
            "research.registration.approved", research_post("approve", "approver")
        ),
        "research:decline": Post(
            "research.registration.declined",
            research_post("decline", "approver", {"reason": "Hold it in the SRDS."}),
        ),
        "research:close": Post(
            "research.registration.closed", research_post("close", "researcher")
        ),
        "research:renew": Post(
            "research.registration.renewed",
            research_post("renew", "researcher", "renewal", approved=True),
        ),
        "research:lookup": Post("research.lookup.made", research_lookup, status=200),
        "research:lists": Post(
            "research.location.added",
            post_as(
                "admin", "research:lists", lambda o: {"list": "location", "location-name": "Vault"}
            ),
        ),
        "research:list-toggle": Post(
            "research.material.changed",
            post_as("admin", "research:list-toggle", kwargs=research_material),
        ),
        "api-v1:research-registrations": Post(
            "research.registration.submitted",
            api_post(lambda o: "/api/v1/research-registrations", research_api_body),
            status=201,
        ),
        "api-v1:research-lookups": Post("research.lookup.made", research_api_lookup, status=200),
    }
)


# --- The resources library (podium/resources) ---------------------------------------


def resources_post(name: str, data: Callable[[Any], dict] = lambda r: {}, *, retired=False):
    """As the administrator, on a document of the library (files kept in a temporary
    directory)."""

    def send(personas: Personas, objects: dict):
        from podium.resources import services as resources
        from podium.testing.resources import make_document

        with override_settings(PODIUM_PRIVATE_DIR=tempfile.mkdtemp()):
            document = make_document(personas.admin)
            if retired:
                resources.retire_resource(acting_user=personas.admin, resource=document)
            return client_for(personas.admin).post(
                reverse(f"resources:{name}", kwargs={"pk": document.pk}), data(document)
            )

    return send


def _resource_edit(document: Any) -> dict:
    from podium.core.versioning import version_of
    from podium.resources.services import RESOURCE_FIELDS

    return {
        "version": version_of(document, list(RESOURCE_FIELDS)),
        "title": "Code of practice (2026)",
        "places": ["events.decision"],
        "audience": "everyone",
    }


def _resource_version(document: Any) -> dict:
    from podium.testing.resources import pdf_upload

    return {"document": pdf_upload("v2.pdf")}


CASES.update(
    {
        "resources:add": Post(
            "resources.resource.added",
            post_as(
                "admin",
                "resources:add",
                lambda o: {
                    "title": "OfS Regulatory advice 24",
                    "url": "https://www.officeforstudents.org.uk/ra24/",
                    "places": ["events.decision"],
                    "audience": "everyone",
                },
                kwargs=lambda o: {"kind": "link"},
            ),
        ),
        "resources:edit": Post(
            "resources.resource.changed", resources_post("edit", _resource_edit)
        ),
        "resources:version-upload": Post(
            "resources.document.uploaded", resources_post("version-upload", _resource_version)
        ),
        "resources:retire": Post("resources.resource.retired", resources_post("retire")),
        "resources:restore": Post(
            "resources.resource.restored", resources_post("restore", retired=True)
        ),
    }
)


# --- The Prevent risk assessment (podium/governance) ---------------------------------


def _governance(personas: Personas) -> dict:
    institution = personas.admin.role_assignments.get().unit
    lead = make_lead(institution)
    governor = make_governor(institution)
    draft = governance.start_version(acting_user=lead)
    entry = add_risk(lead, draft)
    return {"lead": lead, "governor": governor, "draft": draft, "entry": entry}


def governance_post(
    who: str, name: str, data: Callable[[dict], dict] = lambda g: {}, kwargs=lambda g: {}
):
    def send(personas: Personas, objects: dict):
        records = _governance(personas)
        if name in ("version-sign", "version-return"):
            governance.submit_version(acting_user=records["lead"], version=records["draft"])
        if name == "version-start":
            governance.remove_risk(acting_user=records["lead"], entry=records["entry"])
            records["draft"].delete()
        user = personas.admin if who == "admin" else records[who]
        return client_for(user).post(
            reverse(f"governance:{name}", kwargs=kwargs(records)), data(records)
        )

    return send


def _risk_data(g: dict) -> dict:
    return {
        **risk_values(g["lead"]),
        "topic": g["entry"].topic_id,
        "owner": g["lead"].pk,
    }


def _action_data(g: dict) -> dict:
    return {
        "risk": g["entry"].risk_id,
        "category": "policy",
        "action": "Publish it.",
        "owner": g["lead"].pk,
        "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "progress": "",
        "status": "not_started",
    }


def _edit_action(personas: Personas, objects: dict):
    records = _governance(personas)
    item = add_action(
        records["lead"], records["entry"], deadline=timezone.localdate() + timedelta(days=9)
    )
    return client_for(records["lead"]).post(
        reverse("governance:action-edit", kwargs={"pk": item.pk}),
        {**_action_data(records), "progress": "Started.", "status": "in_progress"},
    )


DRAFT = lambda g: {"pk": g["draft"].pk}  # noqa: E731
ENTRY = lambda g: {"pk": g["entry"].pk}  # noqa: E731

GOVERNANCE_CASES: dict[str, Post] = {
    "governance:version-start": Post(
        "governance.version.started", governance_post("lead", "version-start")
    ),
    "governance:version-submit": Post(
        "governance.version.submitted", governance_post("lead", "version-submit", kwargs=DRAFT)
    ),
    "governance:version-return": Post(
        "governance.version.returned", governance_post("lead", "version-return", kwargs=DRAFT)
    ),
    "governance:version-sign": Post(
        "governance.version.signed",
        governance_post(
            "governor",
            "version-sign",
            data=lambda g: {
                "signer_name": "Dame Governor",
                "signed_on": timezone.localdate().isoformat(),
                "minute_reference": "GB 1",
            },
            kwargs=DRAFT,
        ),
    ),
    "governance:risk-add": Post(
        "governance.risk.added",
        governance_post("lead", "risk-add", data=_risk_data, kwargs=DRAFT),
    ),
    "governance:risk-edit": Post(
        "governance.risk.changed",
        governance_post(
            "lead",
            "risk-edit",
            data=lambda g: {**_risk_data(g), "likelihood": "5"},
            kwargs=ENTRY,
        ),
    ),
    "governance:risk-remove": Post(
        "governance.risk.removed", governance_post("lead", "risk-remove", kwargs=ENTRY)
    ),
    "governance:action-create": Post(
        "governance.action.added", governance_post("lead", "action-create", data=_action_data)
    ),
    "governance:action-edit": Post("governance.action.changed", _edit_action),
    "governance:topic-list": Post(
        "governance.topic.created",
        governance_post(
            "admin", "topic-list", data=lambda g: {"name": "Estates", "is_active": "on"}
        ),
    ),
    "governance:topic-edit": Post(
        "governance.topic.changed",
        governance_post(
            "admin",
            "topic-edit",
            data=lambda g: {"name": "Events and speakers", "is_active": "on"},
            kwargs=lambda g: {"pk": g["entry"].topic_id},
        ),
    ),
    "governance:bands": Post(
        "governance.bands.changed",
        governance_post("admin", "bands", data=lambda g: {"amber_from": "9", "red_from": "16"}),
    ),
}


def complaint_post(name: str, data: Callable[[], dict]):
    def send(personas: Personas, objects: dict):
        officer = make_officer(personas.admin.role_assignments.get().unit)
        if name == "complaint-create":
            url = reverse("governance:complaint-create")
        else:
            complaint = make_complaint(officer)
            url = reverse(f"governance:{name}", kwargs={"pk": complaint.pk})
        return client_for(officer).post(url, data())

    return send


def _today() -> str:
    return timezone.localdate().isoformat()


GOVERNANCE_CASES |= {
    "governance:complaint-create": Post(
        "governance.complaint.received",
        complaint_post(
            "complaint-create",
            lambda: {
                **{k: v for k, v in complaint_values().items() if v is not None},
                "matter_on": _today(),
                "received_on": _today(),
            },
        ),
    ),
    "governance:complaint-respond": Post(
        "governance.complaint.answered",
        complaint_post(
            "complaint-respond", lambda: {"responded_on": _today(), "response": "Explained."}
        ),
    ),
    "governance:complaint-escalate": Post(
        "governance.complaint.escalated",
        complaint_post(
            "complaint-escalate", lambda: {"escalated_on": _today(), "external_reference": "X"}
        ),
    ),
    "governance:complaint-close": Post(
        "governance.complaint.closed",
        complaint_post(
            "complaint-close",
            lambda: {"outcome": "not_upheld", "remedies": "", "closed_on": _today()},
        ),
    ),
}


def code_post(name: str, data: Callable[[], dict] = dict, draft: bool = True):
    def send(personas: Personas, objects: dict):
        officer = make_officer(personas.admin.role_assignments.get().unit)
        kwargs = {}
        if draft:
            version = governance.start_code_version(acting_user=officer)
            governance.save_code_sections(
                acting_user=officer,
                version=version,
                texts=dict.fromkeys(CodeSectionKind.values, "Text."),
            )
            kwargs = {"pk": version.pk}
        return client_for(officer).post(reverse(f"governance:{name}", kwargs=kwargs), data())

    return send


GOVERNANCE_CASES |= {
    "governance:code-start": Post("governance.code.started", code_post("code-start", draft=False)),
    "governance:code-edit": Post(
        "governance.code.changed",
        code_post("code-edit", lambda: dict.fromkeys(CodeSectionKind.values, "New.")),
    ),
    "governance:code-publish": Post("governance.code.published", code_post("code-publish")),
    "governance:notice-list": Post(
        "governance.notice.recorded",
        code_post(
            "notice-list",
            lambda: {
                "sent_on": _today(),
                "channel": "email",
                "audience": "All students",
                "text": "Read the code.",
            },
            draft=False,
        ),
    ),
}
CASES.update(GOVERNANCE_CASES)


# --- The return and the transparency report (podium/reporting) --------------------------


def _sign_off_return(personas: Personas, objects: dict):
    governor = factories.make_person_with_role(Role.GOVERNOR, objects["faculty"].parent)
    year = timezone.localdate().year - (2 if timezone.localdate().month >= 8 else 3)
    return client_for(governor).post(
        f"{reverse('reporting:return-sign-off')}?year={year}",
        {
            "signer_name": "Dame Governor",
            "signed_on": timezone.localdate().isoformat(),
            "minute_reference": "GB 2",
        },
    )


CASES |= {
    "reporting:return-sign-off": Post("reporting.return.signed_off", _sign_off_return),
    "reporting:transparency-publish": Post(
        "reporting.transparency.published", post_as("admin", "reporting:transparency-publish")
    ),
    "reporting:return-settings": Post(
        "reporting.settings.changed",
        post_as(
            "admin",
            "reporting:return-settings",
            lambda o: {"suppression_threshold": "10", "jurisdiction": "wales"},
        ),
    ),
}

NOT_A_CHANGE: dict[str, str] = {
    "account_reauthenticate": "marks this session as recently confirmed; no record changes",
    "mfa_reauthenticate": "marks this session as recently confirmed; no record changes",
    "mfa_reauthenticate_webauthn": "marks this session as recently confirmed; no record changes",
}
# POSTs that change something but need a real WebAuthn ceremony (an authenticator
# signing the server's challenge), which a test client cannot perform: each one's
# audit entry is checked in real Chromium with a virtual authenticator.
# Writes whose audit entries their app's own tests prove, with the data they need.
AUDITED_IN_THEIR_APP: dict[str, str] = dict.fromkeys(
    (
        "api-v1:disclosures",
        "api-v1:disclosure-submit",
        "api-v1:speaker-information-requests",
        "api-v1:speaker-information-request-answers",
        "api-v1:sharing-agreement-reviews",
    ),
    "podium/sharing/tests/test_api_writes.py",
)
# The exchange's endpoint is signed by a peer's key, not a person's session: every
# acceptance and refusal writes its entry (podium/exchange/tests/test_receive.py).
AUDITED_IN_THEIR_APP["api-v1:exchange-messages"] = "podium/exchange/tests/test_receive.py"
PROVEN_IN_THE_BROWSER: dict[str, str] = {
    "mfa_add_webauthn": "accounts.mfa.added (tests/browser/test_passkeys.py)",
    "mfa_login_webauthn": "accounts.session.signed_in (tests/browser/test_passkeys.py)",
}
NOT_A_CHANGE |= {
    "accounts:session-keepalive": "renews this session's idle limit; no record changes",
    "events:inbox-read": "marks the person's own inbox messages read: their reading state, not a "
    "change to any record (podium/notify/README.md)",
    "openid_connect_login": "starts the redirect to the provider; the sign-in at the callback is "
    "audited (podium/accounts/tests/test_single_sign_on.py)",
    "openid_connect_callback": "the provider's answer (form_post mode): the sign-in is audited "
    "(podium/accounts/tests/test_single_sign_on.py)",
    "saml_login": "starts the redirect to the identity provider; nothing is stored",
    "saml_acs": "receives the signed assertion; the sign-in is audited (podium/accounts/tests/test_saml.py)",
    "saml_finish_acs": "finishes the SAML sign-in, audited as above",
    "saml_sls": "sign-out requested by the identity provider: recorded by the sign-out signal "
    "(not exercised end to end; see docs/security.md)",
}


def make_objects(personas: Personas, faculty: Any) -> dict:
    unit = factories.make_unit(parent=faculty, name="Department", kind=UnitKind.DEPARTMENT)
    person = factories.make_user(email="someone@example.ac.uk")
    gone = services.deactivate_user(acting_user=personas.admin, user=factories.make_user())
    sso = factories.make_oidc_provider(acting_user=personas.admin)
    saml = factories.make_saml_provider(acting_user=personas.admin)
    policy = reset_policy()
    return {
        "policy": {
            "closure-day": ClosureDay.objects.create(date=date(2026, 12, 29), description="X"),
            "event-type": policy.talk,
            "notice-period": policy.any_notice,
            "campus": Campus.objects.create(name="Town"),
            "risk-level": policy.low,
            "levels": {1: policy.low, 2: policy.medium, 3: policy.high},
            "question": policy.question,
            "routing-rule": policy.rule,
            "mitigation": policy.mitigation,
        },
        "unit": unit,
        "person": person,
        "gone": gone,
        "role": factories.grant(person, Role.ORGANISER, unit),
        "sso": sso,
        "saml": saml,
        "faculty_pk": faculty.pk,
        "faculty": faculty,
    }


# Every test here starts from the same records (the personas and `make_objects`), made
# once per module (per xdist worker) inside a transaction; each test runs in a savepoint
# rolled back after it (podium/testing/module_rows.py), so each still starts from
# exactly those rows, and gets its own copy of their Python objects.


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker) -> Iterator[World]:
    def make(world: World) -> dict:
        return make_objects(world.personas, world.faculty)

    with module_world(django_db_blocker, make) as world:
        yield world


@pytest.fixture
def world(_world: World, db) -> World:
    return copy.deepcopy(_world)


@pytest.fixture
def personas(world: World) -> Personas:
    return world.personas


@pytest.fixture
def objects(world: World) -> dict:
    return world.objects


def accepts_post(client: Client, name: str, objects: dict) -> bool:
    """POST with no data: only a URL that refuses POST outright answers 405."""
    for kwargs in (
        {},
        {"pk": objects["unit"].pk},
        {"uidb36": "1", "key": "x"},
        {"provider_id": "exampleshire"},
        {"organization_slug": "exampleshire"},
        {"pk": objects["unit"].pk, "step": "about"},
        {"key": "x"},
        {"pk": objects["unit"].pk, "condition_pk": 1},
        {"pk": objects["unit"].pk, "action_pk": 1},
        {"token": "x"},
        {"record_type": "notify.message"},
        {"kind": "material", "pk": objects["unit"].pk},
        {"year": 2025},
        {"kind": "link"},
        {"pk": objects["unit"].pk, "number": 1},
        {"pk": objects["unit"].pk, "key_pk": 1},
    ):
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return client.post(url).status_code != 405
    raise AssertionError(f"No arguments known for {name}")


def test_every_url_that_accepts_post_has_a_case(personas, objects):
    client = client_for(personas.admin)
    posting = {name for name in url_names() if accepts_post(client, name, objects)}
    covered = set(CASES) | set(NOT_A_CHANGE) | set(PROVEN_IN_THE_BROWSER)
    assert posting == covered | set(AUDITED_IN_THEIR_APP), (
        "Add a case for each new POST URL (and make it write an audit entry)."
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_post_writes_its_audit_entry(name, personas, objects):
    last = AuditEntry.objects.order_by("-sequence").first().sequence
    response = CASES[name].send(personas, objects)
    assert response.status_code == CASES[name].status, (
        getattr(response, "context", None) and response.context.get("form", {}).errors
    )
    new = list(AuditEntry.objects.filter(sequence__gt=last).values_list("action", flat=True))
    assert CASES[name].action in new
