"""Subject access audit codes (`podium/audit/codes.py`). Entries carry facts only:
never the requester's name, the search terms, or the DPO's reasons in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.audit.codes import TargetLink, code
from podium.subject_access.models import SubjectAccessRequest

CODES = [
    code(
        "subject_access.request.logged",
        "{actor} logged a subject access request: {target}",
        ["received_on", "due_on"],
    ),
    code(
        "subject_access.identity.checked",
        "{actor} checked the requester's identity: {target}",
        ["method"],
    ),
    code(
        "subject_access.clock.stopped",
        "{actor} stopped the clock on {target}",
        ["stop_reason", "due_on"],
    ),
    code(
        "subject_access.clock.restarted",
        "{actor} restarted the clock on {target}",
        ["days_stopped", "due_on"],
    ),
    code(
        "subject_access.request.extended",
        "{actor} extended {target} by two months",
        ["months", "due_on"],
    ),
    code(
        "subject_access.search.run",
        "{actor} searched for the requester of {target}",
        ["hits", "new"],
    ),
    code(
        "subject_access.candidate.decided",
        "{actor} decided whether a record found for {target} is the requester",
        ["kind", "confirmed"],
    ),
    code(
        "subject_access.record.withheld",
        "{actor} withheld part of the export of {target}",
        ["record_type", "field", "exemption"],
    ),
    code(
        "subject_access.withholding.removed",
        "{actor} put back part of the export of {target}",
        ["record_type", "field", "exemption"],
    ),
    code(
        "subject_access.request.reviewed",
        "{actor} reviewed the export of {target}",
        ["records", "withheld"],
    ),
    code(
        "subject_access.request.released",
        "{actor} released the export of {target} to the requester",
        ["records", "withheld", "record_types"],
    ),
    code(
        "subject_access.reminders.sent",
        "Podium reminded the DPO of subject access requests due",
        ["requests", "people"],
    ),
]


def _request_urls(reader: Any, ids: list[int]) -> Mapping[int, str]:
    if not permissions.can_institution_wide(reader, Capability.VIEW_SUBJECT_ACCESS):
        return {}
    found = SubjectAccessRequest.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("subject_access:detail", args=[pk]) for pk in found}


LINK = TargetLink("subject_access.subjectaccessrequest", _request_urls)
