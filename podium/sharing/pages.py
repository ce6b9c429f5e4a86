"""What sharing adds to pages below it: the speaker page (`podium.speakers.extensions`)
and the event request page (`podium.events.extensions`). Reviewers see what partners
said about a speaker (answers with their rating, incoming disclosures recorded) and
the requests still open, so the person deciding an event has them in front of them."""

from __future__ import annotations

from typing import Any

from podium.sharing import access
from podium.sharing.models import Disclosure, InformationRequest
from podium.sharing.selectors import sharing_about
from podium.speakers.extensions import Section


def speaker_section(speaker: Any, summary: Any) -> Section:
    """Shown by the register to reviewers who may see the speaker's restricted fields."""
    found = sharing_about([speaker.pk])[speaker.pk]
    return Section(
        template="sharing/_speaker_section.html",
        context={"sharing": found, "speaker_id": speaker.pk},
    )


def request_section(event_request: Any, user: Any, view: Any) -> Section | None:
    """Shown to the request's reviewers only: per speaker in the register on it."""
    if not view.is_reviewer:
        return None
    linked = [(s.name, s.speaker_id) for s in view.speakers if s.speaker_id]
    found = sharing_about(pk for _, pk in linked)
    rows = [(name, pk, found[pk]) for name, pk in linked]
    return Section(
        template="sharing/_request_section.html",
        context={
            "rows": rows,
            "request_id": event_request.pk,
            "may_share": access.may_share(user),
        },
    )


def move_on_merge(merged: Any, survivor: Any) -> dict[str, int]:
    """Inside the merge's transaction: disclosures and requests about the merged record
    now point at the survivor."""
    return {
        "disclosures": Disclosure.objects.filter(speaker=merged).update(speaker=survivor),
        "information_requests": InformationRequest.objects.filter(speaker=merged).update(
            speaker=survivor
        ),
    }
