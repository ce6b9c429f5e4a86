"""Accounts' audit codes (`podium/audit/codes.py`) and links to its records."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.accounts import permissions, selectors
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.audit.codes import TargetLink, code

CODES = [
    code("accounts.unit.created", "{actor} created the unit {target}", ["name", "kind", "parent"]),
    code("accounts.unit.updated", "{actor} changed the unit {target}", ["changes"]),
    code("accounts.user.created", "{actor} added {target}", ["email", "full_name", "invited"]),
    code("accounts.user.updated", "{actor} changed the details of {target}", ["changes"]),
    code("accounts.user.deactivated", "{actor} deactivated {target}", ["signed_out_browsers"]),
    code("accounts.user.reactivated", "{actor} reactivated {target}"),
    code(
        "accounts.role.granted",
        "{actor} granted a role: {target}",
        ["user", "role", "include_descendants"],
    ),
    code("accounts.role.revoked", "{actor} revoked a role: {target}", ["user", "role"]),
    code("accounts.password.reset_requested", "A password reset was requested", ["email"]),
    code(
        "accounts.session.signed_out_elsewhere",
        "{actor} signed out their other browsers",
        ["browsers_signed_out"],
    ),
    code(
        "accounts.security.mfa_policy_changed",
        "{actor} changed who must use a second sign-in step",
        ["changes"],
    ),
    code(
        "accounts.sso.provider_saved",
        "{actor} saved the single sign-on settings",
        ["changes", "replaced_client_key"],
    ),
]


# The same checks as the pages' views (`views.user_detail`, `views.unit_detail`).
def _user_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    if not permissions.can_institution_wide(reader, Capability.VIEW_PEOPLE):
        return {}
    found = User.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("accounts:user-detail", args=[pk]) for pk in found}


def _unit_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    found = selectors.visible_units(viewer=reader).filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("accounts:unit-detail", args=[pk]) for pk in found}


LINKS = [
    TargetLink("accounts.user", _user_urls),
    TargetLink("accounts.orgunit", _unit_urls),
]
