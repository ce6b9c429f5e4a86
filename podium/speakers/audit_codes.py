"""The speaker register's audit codes (`podium/audit/codes.py`) and the link to a
register entry. Check findings and references, contact details and notes never go
in an entry (restricted fields are recorded as "(set)"); a merge's reason stays on
the merged record."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.audit.codes import TargetLink, code
from podium.speakers import access
from podium.speakers.models import Speaker

CODES = [
    code(
        "speakers.speaker.created",
        "{actor} added {target} to the speaker register",
        ["values", "name", "from_request"],
    ),
    code("speakers.speaker.updated", "{actor} corrected the register entry {target}", ["changes"]),
    code(
        "speakers.speaker.merged",
        "{actor} merged a duplicate into the register entry {target}",
        ["merged", "moved"],
    ),
    code(
        "speakers.check.recorded",
        "{actor} recorded a check on {target}",
        ["check", "sources", "checked_on", "recheck_after"],
    ),
    code("speakers.policy.updated", "{actor} changed the speaker register settings", ["changes"]),
    code("speakers.source.added", "{actor} added the check source {target}"),
    code("speakers.source.retired", "{actor} retired the check source {target}"),
    code("speakers.source.restored", "{actor} restored the check source {target}"),
    code(
        "speakers.code_of_conduct.published",
        "{actor} published version {target} of the code of conduct",
        ["version"],
    ),
    code("speakers.seed.loaded", "Podium loaded speakers for testing", ["speakers"]),
]


def _speaker_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    # The register page's own rule (`access.get_speaker_or_404`).
    if not access.may_use_register(reader):
        return {}
    found = Speaker.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("speakers:speaker-detail", args=[pk]) for pk in found}


LINKS = [TargetLink("speakers.speaker", _speaker_urls)]
