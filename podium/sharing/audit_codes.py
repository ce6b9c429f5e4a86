"""Sharing's audit codes (`podium/audit/codes.py`): ids, states and field names only,
never the statements, snapshots or answers themselves."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.audit.codes import TargetLink, code
from podium.sharing import access
from podium.sharing.models import Disclosure, InformationRequest

_DISCLOSURE_KEYS = [
    "direction",
    "state",
    "partner",
    "subject",
    "speaker",
    "event_request",
    "fields_shared",
    "special_category",
    "attachment",
    "policy_version",
]

CODES = [
    *[
        code(f"sharing.{thing}.{verb}", f"{{actor}} {verb} {words}: {{target}}", ["changes"])
        for thing, words in {"partner": "a sharing partner", "purpose": "a sharing purpose"}.items()
        for verb in ("created", "changed")
    ],
    *[
        code(
            f"sharing.agreement.{verb}",
            f"{{actor}} {verb} a data sharing agreement: {{target}}",
            ["changes", "partners", "document"],
        )
        for verb in ("created", "changed")
    ],
    code(
        "sharing.agreement.reviewed",
        "{actor} recorded a review of a data sharing agreement: {target}",
        ["outcome", "review_on", "ends_on"],
    ),
    code(
        "sharing.policy.published",
        "{actor} published the appropriate policy document: {target}",
        ["number"],
    ),
    code(
        "sharing.disclosure.created",
        "{actor} recorded a disclosure: {target}",
        [*_DISCLOSURE_KEYS, "answers"],
    ),
    code("sharing.disclosure.changed", "{actor} corrected a disclosure: {target}", ["changes"]),
    code(
        "sharing.disclosure.submitted",
        "{actor} sent a disclosure for DPO sign-off: {target}",
        ["state"],
    ),
    code("sharing.disclosure.approved", "{actor} signed off a disclosure: {target}", ["state"]),
    code("sharing.disclosure.refused", "{actor} refused a disclosure: {target}", ["state"]),
    code(
        "sharing.disclosure.sent",
        "{actor} marked a disclosure sent: {target}",
        ["state", "urgent"],
    ),
    code("sharing.disclosure.withdrawn", "{actor} withdrew a disclosure: {target}", ["state"]),
    code(
        "sharing.disclosure.reviewed",
        "{actor} reviewed an urgent disclosure after the fact: {target}",
        ["late"],
    ),
    code(
        "sharing.disclosure.attachment_downloaded",
        "{actor} downloaded the attachment of a disclosure: {target}",
        [],
    ),
    code(
        "sharing.disclosure.recorded",
        "{actor} recorded an incoming disclosure: {target}",
        ["state"],
    ),
    code(
        "sharing.request.created",
        "{actor} recorded a speaker information request: {target}",
        ["direction", "speaker", "partners", "due_on"],
    ),
    code(
        "sharing.request.answered",
        "{actor} recorded a partner's answer: {target}",
        ["partner", "rag", "disclosure"],
    ),
    code(
        "sharing.reminders.sent",
        "Podium sent information sharing reminders",
        ["urgent_reminders", "urgent_escalations", "request_reminders", "agreement_reminders"],
    ),
]


def _disclosure_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    # The disclosure page's own rule (`access.get_disclosure_or_404`).
    if not access.sees_log(reader):
        return {}
    found = Disclosure.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("sharing:disclosure-detail", args=[pk]) for pk in found}


def _request_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    if not access.sees_log(reader):
        return {}
    found = InformationRequest.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("sharing:request-detail", args=[pk]) for pk in found}


LINKS = [
    TargetLink("sharing.disclosure", _disclosure_urls),
    TargetLink("sharing.informationrequest", _request_urls),
]
