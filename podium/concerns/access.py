"""Who may see a case. Deny by default: a case exists only for the case roles
(`Capability.HANDLE_CONCERNS`) and for a person holding a live break-glass grant
on it; everyone else, administrators and auditors included, gets 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import UnitKind
from podium.accounts.roles import Capability
from podium.concerns.models import (
    BreakGlassGrant,
    Case,
    ConcernSettings,
    FollowUpAction,
    ReportableEvent,
)

# Accounts keeps no "student" flag on a person. Students reach Podium through the
# students' union: a person whose every current role is within the union (a society
# organiser, a union reviewer) is taken to be a student. A person with no role at
# all is taken to be staff (a lecturer needs no role to share a concern).
STUDENT_UNITS = frozenset({UnitKind.STUDENTS_UNION, UnitKind.SOCIETY})

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def is_case_role(user: User | AnonymousUser) -> bool:
    return permissions.has_capability(user, Capability.HANDLE_CONCERNS)


def is_student(user: User | AnonymousUser) -> bool:
    """Every current role within the students' union (no extra query: the
    assignments are read once per request)."""
    assignments = permissions.current_assignments(user)
    return bool(assignments) and all(a.unit.kind in STUDENT_UNITS for a in assignments)


def may_share(user: User | AnonymousUser) -> bool:
    """Anyone signed in, except students when the institution does not allow them."""
    if not user.is_authenticated:
        return False
    return not is_student(user) or ConcernSettings.current().students_may_share


def require_case_role(user: User | AnonymousUser) -> None:
    """404, not 403: outside the case roles, the cases do not exist."""
    if not is_case_role(user):
        raise Http404


def live_grant(user: User | AnonymousUser, case: Case) -> BreakGlassGrant | None:
    if not user.is_authenticated:
        return None
    return (
        BreakGlassGrant.objects.filter(user=user, case=case, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def get_case_or_404(user: User | AnonymousUser, pk: Any) -> tuple[Case, BreakGlassGrant | None]:
    """The case and the grant it is seen under (None for the case roles)."""
    try:
        case = Case.objects.select_related("ideology", "owner").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if is_case_role(user):
        return case, None
    grant = live_grant(user, case)
    if grant is None or not permissions.has_capability(user, Capability.BREAK_GLASS_CONCERNS):
        raise Http404
    return case, grant


def require_events(user: User | AnonymousUser) -> None:
    """The register is not a case: 403 without the capability, like other pages."""
    permissions.require(user, Capability.MANAGE_REPORTABLE_EVENTS)


def get_event_or_404(user: User | AnonymousUser, pk: Any) -> ReportableEvent:
    require_events(user)
    try:
        return ReportableEvent.objects.select_related("case", "event_request").get(pk=pk)
    except (ReportableEvent.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_follow_up_or_404(
    user: User | AnonymousUser, event: ReportableEvent, pk: Any
) -> FollowUpAction:
    require_events(user)
    try:
        return FollowUpAction.objects.select_related("event").get(pk=pk, event=event)
    except (FollowUpAction.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
