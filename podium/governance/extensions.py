"""What governance adds to other apps' pages, through their hooks: the event
request page (`podium/events/extensions.py: request_sections`) shows the code of
practice version in force at each decision — the one published latest before the
decision's time — and the version in force now; the decision form quotes, under
"Security costs", the code's criteria for exceptional circumstances
(`security_cost_guidance`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from podium.events.extensions import Section
from podium.governance import selectors


def request_code_section(event_request: Any, user: Any, view: Any) -> Section | None:
    """Shown to the request's reviewers (who decide under the code) and its
    organiser (who is entitled to know which code applied); nobody else reaches
    the page anyway."""
    if not (view.is_reviewer or view.is_organiser or view.may_decide_appeal):
        return None
    decisions = list(view.decisions)
    # The versions in force at each decision and now, in one query.
    *versions, current = selectors.codes_in_force_at(
        [*(d.decided_at for d in decisions), timezone.now()]
    )
    return Section(
        "governance/_request_code.html",
        {"decisions": list(zip(decisions, versions, strict=True)), "current": current},
    )


def security_costs_section() -> Section | None:
    """The criteria a decider weighs before charging an organiser for security.
    Everyone who reaches the decision form may read the published code."""
    criteria = selectors.security_costs_criteria()
    if criteria is None:
        return None
    version, text = criteria
    return Section("governance/_security_costs.html", {"version": version, "text": text})
