"""Reads about the speakers on a request: each speaker's register summary and latest
code-of-conduct acknowledgement (a fixed number of queries however many speakers),
and whether the request may be approved yet for want of acknowledgements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from podium.events.models import EventRequest, EventSpeaker
from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus
from podium.speakers import access as register_access
from podium.speakers.models import Speaker, SpeakersPolicy
from podium.speakers.selectors import Match, Summary, duplicates_of, summaries_for


@dataclass
class RequestSpeaker:
    """A speaker on a request as reviewers see it."""

    link: Any
    summary: Summary | None
    acknowledgement: Acknowledgement | None
    # For a reviewer: the register's likely duplicates of this speaker, each with its
    # events here and checks, and whether the reviewer may merge them.
    duplicates: list[Match] = field(default_factory=list)
    may_merge: bool = False


def request_speakers(
    event_request: EventRequest, speakers: Sequence[Any], *, reviewer: Any = None
) -> list[RequestSpeaker]:
    """Each of a request's speakers with their history summary and latest
    acknowledgement, and for a `reviewer` of the request each one's likely duplicates
    among the records whose restricted fields they see (a fixed number of queries)."""
    ids = [s.speaker_id for s in speakers if s.speaker_id]
    summaries = summaries_for(ids, excluding_request=event_request.pk)
    duplicates: dict[int, list[Match]] = {}
    mergeable: set[int] = set()
    if reviewer is not None and ids:
        visible = register_access.restricted_filter(reviewer)
        registered = {s.speaker_id: s.speaker for s in speakers if s.speaker_id}
        duplicates = duplicates_of(list(registered.values()), visible=visible)
        if any(duplicates.values()):
            # A merge needs both records in the reviewer's sight; the duplicates are.
            mergeable = set(
                Speaker.objects.filter(visible, pk__in=ids).values_list("pk", flat=True)
            )
    latest: dict[int, Acknowledgement] = {}
    # Only a speaker linked to the register is sent the code of conduct: with none
    # linked, no acknowledgement is shown and none is read.
    for ack in (
        Acknowledgement.objects.filter(request=event_request)
        .select_related("code")
        .order_by("sent_at", "pk")
        if ids
        else []
    ):
        latest[ack.speaker_id] = ack
    return [
        RequestSpeaker(
            link=s,
            summary=summaries.get(s.speaker_id) if s.speaker_id else None,
            acknowledgement=latest.get(s.speaker_id) if s.speaker_id else None,
            duplicates=duplicates.get(s.speaker_id, []) if s.speaker_id else [],
            may_merge=s.speaker_id in mergeable,
        )
        for s in speakers
    ]


def acknowledgement_refusal(event_request: EventRequest) -> str:
    """Why `request` cannot be approved yet for want of acknowledgements (empty: it
    can). Applies only when the administrator requires acknowledgements."""
    current = SpeakersPolicy.objects.filter(pk=1).first()
    if current is None or not current.acknowledgement_required:
        return ""
    linked = set(
        EventSpeaker.objects.filter(request=event_request, speaker__isnull=False).values_list(
            "speaker_id", flat=True
        )
    )
    unlinked = EventSpeaker.objects.filter(request=event_request, speaker__isnull=True).exists()
    accepted = set(
        Acknowledgement.objects.filter(
            request=event_request, status=AcknowledgementStatus.ACCEPTED, speaker_id__in=linked
        ).values_list("speaker_id", flat=True)
    )
    missing = linked - accepted
    if not missing and not unlinked:
        return ""
    names = sorted(Speaker.objects.filter(pk__in=missing).values_list("name", flat=True))
    if unlinked:
        names.append("speakers not yet linked to the register")
    return (
        "This request cannot be approved yet: every speaker must first accept the code of "
        "conduct for speakers. Waiting for: " + ", ".join(names) + "."
    )


def pending_acknowledgements() -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(status=AcknowledgementStatus.PENDING)
