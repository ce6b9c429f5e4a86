"""The subject access item of the main navigation: the DPO and the auditor."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem


def subject_access_navigation(user: Any) -> list[NavItem]:
    if permissions.can_institution_wide(user, Capability.VIEW_SUBJECT_ACCESS):
        return [NavItem("Subject access", reverse("subject_access:list"), menu="Data protection")]
    return []
