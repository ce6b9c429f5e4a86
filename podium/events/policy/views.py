"""The policy pages: where an administrator edits the rules event requests follow.

Every page needs `CONFIGURE_EVENTS` over the whole institution (403 otherwise).
Views are thin: parse the form, call one service in `policy.services`, redirect
with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.audit_log import selectors as audit_selectors
from podium.accounts.forms import ConfirmForm, EditForm
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.forms import as_submitted, initial_from, submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.core.versioning import StaleEdit, version_of
from podium.events import rules
from podium.events.models import (
    IMPACT_LABELS,
    MATRIX_SCALE,
    Campus,
    ClosureDay,
    EventsPolicy,
    EventType,
    Mitigation,
    NoticePeriod,
    RiskLevel,
    RoutingRule,
    ScreeningQuestion,
)
from podium.events.policy import selectors, services
from podium.events.policy.forms import (
    CampusForm,
    ClosureDayForm,
    EventsPolicyForm,
    EventTypeForm,
    MitigationForm,
    NoticePeriodForm,
    RiskLevelForm,
    RiskMatrixForm,
    RoutingRuleForm,
    RoutingStepFormSet,
    ScreeningQuestionForm,
)


def _require_administrator(request: AuthenticatedHttpRequest) -> None:
    permissions.require_institution_wide(request.user, Capability.CONFIGURE_EVENTS)


# --- Overview and settings ------------------------------------------------------


@require_GET
@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    policy = EventsPolicy.current()
    today = timezone.localdate()
    return render(
        request,
        "events/policy/overview.html",
        {
            "policy": policy,
            "bank_holidays": rules.upcoming_bank_holidays(policy.nation, start=today),
            "closure_days": selectors.closure_days(today=today)[0][:5],
            "notice_periods": selectors.notice_periods()[:5],
            "counts": selectors.counts(policy),
            "levels": selectors.risk_levels(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_administrator(request)
    policy = EventsPolicy.current()

    def current_form(data: Mapping[str, Any] | None = None) -> EventsPolicyForm:
        initial = initial_from(policy, services.POLICY_FIELDS)
        initial["version"] = version_of(policy, services.POLICY_FIELDS)
        return EventsPolicyForm(data, initial=initial)

    done, form = submit_form(
        request,
        current_form(request.POST or None),
        lambda data: services.update_events_policy(
            acting_user=request.user,
            nation=data["nation"],
            appeal_window_days=data["appeal_window_days"],
            reminder_days_before_due=data["reminder_days_before_due"],
            expected_version=data["version"] or None,
        ),
        success="Bank holidays and appeal settings saved.",
        to="events:policy-overview",
        current=current_form,
        instance=policy,
    )
    return done or _form_page(
        request,
        form,
        title="Bank holidays, appeals and reminders",
        button="Save settings",
        back="events:policy-overview",
        target=policy,
    )


# --- Simple lists: one add and one edit view serve each kind of record ------------


@dataclass(frozen=True)
class Kind:
    """One kind of policy record edited with a single form."""

    name: str  # URL name stem: events:policy-<name>-add, -edit, and the list <plural>
    model: type[Model]
    form: type[EditForm]
    fields: list[str]  # the version fields (services.*_FIELDS)
    singular: str  # "closure day"
    list_url: str
    save: Callable[[User, Any, dict[str, Any], str | None], Model]
    delete: Callable[[User, Any], None] | None = None


def _initial(instance: Model, fields: list[str]) -> dict[str, Any]:
    # Foreign keys are edited by the field's name ("unit"), versioned by "unit_id".
    return initial_from(instance, [name.removesuffix("_id") for name in fields])


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind(
            name="closure-day",
            model=ClosureDay,
            form=ClosureDayForm,
            fields=services.CLOSURE_DAY_FIELDS,
            singular="closure day",
            list_url="events:policy-closure-days",
            save=lambda user, instance, data, version: services.save_closure_day(
                acting_user=user,
                closure_day=instance,
                date=data["date"],
                description=data["description"],
                expected_version=version,
            ),
            delete=lambda user, instance: services.delete_closure_day(
                acting_user=user, closure_day=instance
            ),
        ),
        Kind(
            name="event-type",
            model=EventType,
            form=EventTypeForm,
            fields=services.EVENT_TYPE_FIELDS,
            singular="event type",
            list_url="events:policy-event-types",
            save=lambda user, instance, data, version: services.save_event_type(
                acting_user=user,
                event_type=instance,
                name=data["name"],
                description=data["description"],
                is_active=data["is_active"],
                requires_briefing=data["requires_briefing"],
                expected_version=version,
            ),
        ),
        Kind(
            name="notice-period",
            model=NoticePeriod,
            form=NoticePeriodForm,
            fields=services.NOTICE_PERIOD_FIELDS,
            singular="notice period",
            list_url="events:policy-notice-periods",
            save=lambda user, instance, data, version: services.save_notice_period(
                acting_user=user,
                notice_period=instance,
                event_type=data["event_type"],
                unit=data["unit"],
                working_days=data["working_days"],
                expected_version=version,
            ),
            delete=lambda user, instance: services.delete_notice_period(
                acting_user=user, notice_period=instance
            ),
        ),
        Kind(
            name="campus",
            model=Campus,
            form=CampusForm,
            fields=services.CAMPUS_FIELDS,
            singular="campus",
            list_url="events:policy-campuses",
            save=lambda user, instance, data, version: services.save_campus(
                acting_user=user,
                campus=instance,
                name=data["name"],
                is_active=data["is_active"],
                expected_version=version,
            ),
        ),
        Kind(
            name="risk-level",
            model=RiskLevel,
            form=RiskLevelForm,
            fields=services.RISK_LEVEL_FIELDS,
            singular="risk level",
            list_url="events:policy-risk",
            save=lambda user, instance, data, version: services.save_risk_level(
                acting_user=user,
                risk_level=instance,
                name=data["name"],
                rank=data["rank"],
                description=data["description"],
                requires_briefing=data["requires_briefing"],
                expected_version=version,
            ),
        ),
        Kind(
            name="question",
            model=ScreeningQuestion,
            form=ScreeningQuestionForm,
            fields=services.QUESTION_FIELDS,
            singular="screening question",
            list_url="events:policy-questions",
            save=lambda user, instance, data, version: services.save_screening_question(
                acting_user=user,
                question=instance,
                text=data["text"],
                help_text=data["help_text"],
                likelihood_points=data["likelihood_points"],
                impact_points=data["impact_points"],
                yes_means_attendance=data["yes_means_attendance"],
                order=data["order"],
                is_active=data["is_active"],
                expected_version=version,
            ),
        ),
        Kind(
            name="mitigation",
            model=Mitigation,
            form=MitigationForm,
            fields=services.MITIGATION_FIELDS,
            singular="mitigation",
            list_url="events:policy-mitigations",
            save=lambda user, instance, data, version: services.save_mitigation(
                acting_user=user,
                mitigation=instance,
                name=data["name"],
                description=data["description"],
                prevent_related=data["prevent_related"],
                default_owner=data["default_owner"],
                is_active=data["is_active"],
                expected_version=version,
            ),
        ),
    ]
}


@login_required
@require_http_methods(["GET", "POST"])
def record_add(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    _require_administrator(request)
    spec = KINDS[kind]
    done, form = submit_form(
        request,
        spec.form(request.POST or None),
        lambda data: spec.save(request.user, None, data, None),
        success=lambda saved: f"{spec.singular.capitalize()} “{saved}” added.",
        to=spec.list_url,
    )
    return done or _form_page(
        request,
        form,
        title=f"Add a {spec.singular}",
        button=f"Add {spec.singular}",
        back=spec.list_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_administrator(request)
    spec = KINDS[kind]
    instance = get_object_or_404(spec.model, pk=pk)

    def current_form(data: Mapping[str, Any] | None = None) -> EditForm:
        initial = _initial(instance, spec.fields)
        initial["version"] = version_of(instance, spec.fields)
        return spec.form(data, initial=initial)

    done, form = submit_form(
        request,
        current_form(request.POST or None),
        lambda data: spec.save(request.user, instance, data, data["version"] or None),
        success=lambda saved: f"{spec.singular.capitalize()} “{saved}” saved.",
        to=spec.list_url,
        current=current_form,
        instance=instance,
    )
    if done:
        return done
    delete_url = (
        reverse(f"events:policy-{kind}-delete", kwargs={"pk": instance.pk}) if spec.delete else None
    )
    return _form_page(
        request,
        form,
        title=f"Edit {spec.singular} “{instance}”",
        button="Save changes",
        back=spec.list_url,
        delete_url=delete_url,
        delete_label=f"Delete this {spec.singular}",
        target=instance,
    )


@login_required
@require_POST
def record_delete(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    _require_administrator(request)
    spec = KINDS[kind]
    instance = get_object_or_404(spec.model, pk=pk)
    assert spec.delete is not None
    if ConfirmForm(request.POST).is_valid():
        spec.delete(request.user, instance)
        messages.success(request, f"{spec.singular.capitalize()} “{instance}” deleted.")
    return redirect(spec.list_url)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: Form,
    *,
    title: str,
    button: str,
    back: str,
    delete_url: str | None = None,
    delete_label: str = "",
    target: Model | None = None,
) -> HttpResponse:
    return render(
        request,
        "events/policy/record_form.html",
        {
            "form": form,
            "title": title,
            "button": button,
            "back": reverse(back),
            "delete_url": delete_url,
            "delete_label": delete_label,
            **_history(request, target),
        },
    )


def _history(request: AuthenticatedHttpRequest, target: Model | None) -> dict[str, Any]:
    """The history panel of the record being edited (audit/_history.html)."""
    if target is None:
        return {"history": None}
    return {
        "history": audit_selectors.history_for(viewer=request.user, target=target),
        "history_target": audit_selectors.target_key(target),
    }


# --- Lists ------------------------------------------------------------------------


def _list(request: AuthenticatedHttpRequest, template: str, **context: Any) -> HttpResponse:
    _require_administrator(request)
    return render(request, f"events/policy/{template}", context)


@require_GET
@login_required
def closure_day_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    upcoming, past = selectors.closure_days(today=timezone.localdate())
    return _list(request, "closure_day_list.html", upcoming=upcoming, past=past)


@require_GET
@login_required
def event_type_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "event_type_list.html", event_types=selectors.event_types())


@require_GET
@login_required
def notice_period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "notice_period_list.html", notice_periods=selectors.notice_periods())


@require_GET
@login_required
def campus_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "campus_list.html", campuses=selectors.campuses())


@require_GET
@login_required
def risk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The risk levels and the matrix as it stands."""
    return _list(
        request,
        "risk.html",
        levels=selectors.risk_levels(),
        impacts=[IMPACT_LABELS[i] for i in MATRIX_SCALE],
        rows=selectors.risk_matrix_rows(),
    )


@require_GET
@login_required
def question_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "question_list.html", questions=selectors.questions())


@require_GET
@login_required
def mitigation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "mitigation_list.html", mitigations=selectors.mitigations())


@require_GET
@login_required
def routing_rule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, "routing_rule_list.html", routing_rules=selectors.routing_rules())


# --- The risk matrix -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def risk_matrix_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_administrator(request)

    def current_form(data: Mapping[str, Any] | None = None) -> RiskMatrixForm:
        cells = services.current_matrix()
        initial: dict[str, Any] = {
            services.matrix_key(lk, im): level for (lk, im), level in cells.items()
        }
        initial["version"] = services.matrix_version(cells)
        return RiskMatrixForm(data, initial=initial)

    form = current_form(request.POST or None)
    done, form = submit_form(
        request,
        form,
        lambda data: services.set_risk_matrix(
            acting_user=request.user,
            levels=form.levels(),
            expected_version=data["version"] or None,
        ),
        success="Risk matrix saved.",
        to="events:policy-risk",
        current=current_form,  # reads the matrix afresh
    )
    return done or render(
        request,
        "events/policy/risk_matrix_form.html",
        {"form": form, "impacts": [IMPACT_LABELS[i] for i in MATRIX_SCALE]},
    )


# --- Routing rules -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _routing_rule_form(request, rule=None)


@login_required
@require_http_methods(["GET", "POST"])
def routing_rule_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    return _routing_rule_form(request, rule=get_object_or_404(RoutingRule, pk=pk))


def _routing_rule_form(
    request: AuthenticatedHttpRequest, *, rule: RoutingRule | None
) -> HttpResponse:
    _require_administrator(request)
    data = request.POST if request.method == "POST" else None

    def current_forms(
        data: Mapping[str, Any] | None = None,
    ) -> tuple[RoutingRuleForm, Any]:
        if rule is None:
            return RoutingRuleForm(data, initial={"order": 100}), RoutingStepFormSet(
                data, prefix="steps"
            )
        initial = _initial(rule, services.ROUTING_RULE_FIELDS)
        initial["version"] = services.routing_rule_version(rule)
        steps = [
            {"role": s.role, "unit": s.unit_id, "deadline_days": s.deadline_days, "kind": s.kind}
            for s in rule.steps.order_by("position")
        ]
        return RoutingRuleForm(data, initial=initial), RoutingStepFormSet(
            data, initial=steps, prefix="steps"
        )

    form, formset = current_forms(data)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            saved = services.save_routing_rule(
                acting_user=request.user,
                rule=rule,
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                risk_level=form.cleaned_data["risk_level"],
                order=form.cleaned_data["order"],
                is_active=form.cleaned_data["is_active"],
                steps=formset.steps(),
                expected_version=form.cleaned_data["version"] or None,
            )
        except DomainError as error:
            if rule is not None and isinstance(error, StaleEdit):
                # Show what is saved now, with its new version, as the other edit forms do.
                rule.refresh_from_db()
                fresh, formset = current_forms(None)
                form = RoutingRuleForm(as_submitted(fresh), initial=fresh.initial)
                form.is_valid()
            form.add_domain_error(error)
        else:
            messages.success(request, f"Routing rule “{saved}” saved.")
            return redirect("events:policy-routing-rules")
    return render(
        request,
        "events/policy/routing_rule_form.html",
        {"form": form, "formset": formset, "rule": rule, **_history(request, rule)},
    )
