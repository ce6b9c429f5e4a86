"""A speaker's history of event requests, as the speaker register shows it. The
register (`podium.speakers`) knows nothing of requests: `EventsConfig.ready()` adds
these functions to `podium.speakers.extensions`.

Only requests ever submitted count: a draft is its organiser's alone
(`podium.events.access.ever_submitted`).

- `summary_counts`: the aggregates the register's one summary query adds (how often
  the speaker was on a request, spoke, spoke with conditions, and incidents).
- `history_section`: the "Events" section of the speaker page: the latest
  `LATEST_APPEARANCES` requests and the count of all; `summary_details`: the
  summary's most frequent condition, in the summary's one query;
  `appearances_page`: a page of the full list (`speakers:speaker-events`).
- `move_on_merge`: a merge moves the merged record's request links and
  acknowledgements to the survivor.
- `reviewed_by`: the speakers on requests a person sees as a reviewer
  (`podium.events.access.review_filter`): a reviewer who is not institution-wide
  sees the restricted fields of these speakers only.
- `hidden_from`: the speakers a person must not find in the register: added by an
  organiser while filling a draft, on no request ever submitted, and on none of the
  person's own requests (nor added by the person).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from podium.core.pagination import Page, keyset_page
from podium.events.access import ever_submitted, review_filter
from podium.events.models import (
    APPROVED_STATUSES,
    Condition,
    EventRequest,
    EventSpeaker,
    Incident,
)
from podium.events.speakers.models import Acknowledgement
from podium.speakers import extensions
from podium.speakers.extensions import Section
from podium.speakers.models import Speaker
from podium.speakers.selectors import Summary


def summary_counts(excluding_request: int | None) -> dict[str, Any]:
    """Counts over `Speaker` rows for `podium.speakers.selectors.summaries_for`."""
    submitted = ever_submitted("appearances__request__")
    other = submitted & (
        ~Q(appearances__request_id=excluding_request) if excluding_request else Q()
    )
    spoke = other & Q(appearances__request__status__in=APPROVED_STATUSES)
    conditioned = spoke & Q(
        appearances__request__decisions__is_live=True,
        appearances__request__decisions__conditions__isnull=False,
    )
    return {
        "appearances": Count("appearances__request", filter=other, distinct=True),
        "spoke": Count("appearances__request", filter=spoke, distinct=True),
        "with_conditions": Count("appearances__request", filter=conditioned, distinct=True),
        "incidents": Count("appearances__request__incidents", filter=other, distinct=True),
    }


def spoke_in(year: int) -> Q:
    """Speakers on an approved request whose event starts in `year`."""
    return Q(
        pk__in=EventSpeaker.objects.filter(
            speaker__isnull=False,
            request__status__in=APPROVED_STATUSES,
            request__starts_at__year=year,
        ).values("speaker_id")
    )


# The speaker page shows the newest appearances only, with how many there are in all
# and a link to the full list (`speakers:speaker-events`, keyset-paged): one busy
# speaker was on 22,654 seeded requests, a 64 s, 4.7 MB page when it listed them all.
LATEST_APPEARANCES = 20
# Rows a page of the full list shows.
APPEARANCES_PAGE_SIZE = 50


@dataclass
class Appearance:
    request: Any
    role: str
    conditions: list[Any]
    report: Any
    incidents: int


def _appearances(speaker: Speaker) -> QuerySet[EventSpeaker]:
    """The speaker's links to requests ever submitted, with the sort key of the
    history: the event's start, or for a request with no date yet its creation (a
    plain value for keyset paging: `podium.core.pagination`), newest first. Only what
    the sort needs: the rows' details are read for the rows shown (`_shown`)."""
    return (
        EventSpeaker.objects.filter(ever_submitted("request__"), speaker=speaker)
        .annotate(sort_at=Coalesce("request__starts_at", "request__created_at"))
        .only("pk", "request_id")
    )


def _shown(pks: Any) -> list[EventSpeaker]:
    """The links `pks` (ids, or a subquery of them) with their requests, reports and
    incident counts, newest first (one query). Read apart from the sort, so that a
    speaker on thousands of requests has those looked up for the rows shown only
    (PostgreSQL otherwise joined and counted them for every row before sorting)."""
    incidents = (
        Incident.objects.filter(request_id=OuterRef("request_id"))
        .order_by()
        .values("request_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        EventSpeaker.objects.filter(pk__in=pks)
        .select_related("request", "request__post_event_report")
        .annotate(
            sort_at=Coalesce("request__starts_at", "request__created_at"),
            n_incidents=Coalesce(Subquery(incidents), 0),
        )
        .order_by("-sort_at", "-pk")
    )


def _with_conditions(links: list[EventSpeaker]) -> list[Appearance]:
    """The links as rows of the history, each with its request's live conditions
    (one query for all the rows)."""
    conditions: dict[int, list[Any]] = {}
    if links:
        for condition in (
            Condition.objects.filter(
                decision__is_live=True,
                decision__request_id__in={link.request_id for link in links},
            )
            .annotate(request_id=F("decision__request_id"))
            .only("pk", "text", "decision_id")
            .order_by("pk")
        ):
            conditions.setdefault(condition.request_id, []).append(condition)
    return [
        Appearance(
            request=link.request,
            role=link.get_role_display(),
            conditions=conditions.get(link.request_id, []),
            report=getattr(link.request, "post_event_report", None),
            incidents=link.n_incidents,  # type: ignore[attr-defined]
        )
        for link in links
    ]


def appearances_page(
    speaker: Speaker,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = APPEARANCES_PAGE_SIZE,
) -> Page[Any]:
    """One page of every request the speaker was on, newest first (three queries,
    whatever the page): the full list behind the speaker page's latest ones."""
    page = keyset_page(
        _appearances(speaker),
        field="sort_at",
        after=after,
        before=before,
        size=size,
        descending=True,
    )
    shown = _shown([link.pk for link in page.items]) if page.items else []
    return Page(
        items=_with_conditions(shown),
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


def summary_details() -> dict[str, Any]:
    """For the speaker page's summary (`podium.speakers.selectors.summaries_for(...,
    details=True)`), in its one query: the live condition most often set on the
    requests the speaker spoke at (ties go to the first in alphabetical order)."""
    most_often = (
        Condition.objects.filter(
            ever_submitted("decision__request__"),
            decision__is_live=True,
            decision__request__status__in=APPROVED_STATUSES,
            decision__request__speakers__speaker=OuterRef("pk"),
        )
        .values("text")
        .annotate(n=Count("decision__request", distinct=True))
        .order_by("-n", "text")
        .values("text")[:1]
    )
    return {"most_often": Subquery(most_often)}


def history_section(speaker: Speaker, summary: Summary) -> Section:
    """The latest `LATEST_APPEARANCES` requests the speaker was on, newest first,
    with how many there are in all and a link to the full list. The summary arrives
    counted (`podium.speakers.selectors.summaries_for`, through `summary_counts` and
    `summary_details`). Two queries, however many requests (none without any)."""
    latest = _appearances(speaker).order_by("-sort_at", "-pk").values("pk")[:LATEST_APPEARANCES]
    links = _shown(Subquery(latest)) if summary.appearances else []
    return Section(
        template="events/speakers/_speaker_history.html",
        context={
            "appearances": _with_conditions(links),
            "total": summary.appearances,
            "more": summary.appearances > len(links),
            "speaker_id": speaker.pk,
        },
    )


def move_on_merge(merged: Speaker, survivor: Speaker) -> dict[str, int]:
    """Inside the merge's transaction: the merged record's request links and
    acknowledgements now point at the survivor."""
    return {
        "event_links": EventSpeaker.objects.filter(speaker=merged).update(speaker=survivor),
        "acknowledgements": Acknowledgement.objects.filter(speaker=merged).update(speaker=survivor),
    }


def reviewed_by(user: Any) -> Q:
    """Speakers on requests this person sees as a reviewer (submitted, in their
    review scope or waiting at a step they act at)."""
    reviewed = EventRequest.objects.filter(review_filter(user)).values("pk")
    return Q(
        pk__in=EventSpeaker.objects.filter(request__in=reviewed, speaker__isnull=False).values(
            "speaker_id"
        )
    )


def hidden_from(user: Any) -> Q:
    """Speakers typed only on someone else's unsubmitted draft: linked to a request
    by the organiser who added them to the register while filling it, on no request
    ever submitted, on none of this person's own requests, and not added by this
    person. Correlated `EXISTS`, not `pk IN (subquery)`: the subquery form made
    PostgreSQL hash every linked speaker of every request for each query (about 1 s
    a query at national scale, several a speaker page); `EXISTS` probes one
    speaker's links through the index."""
    linked = EventSpeaker.objects.filter(speaker=OuterRef("pk"))
    from_drafts = linked.filter(request__organiser_id=OuterRef("created_by_id"))
    seen = linked.filter(ever_submitted("request__") | Q(request__organiser_id=user.pk))
    return Q(Exists(from_drafts)) & ~Q(Exists(seen)) & ~Q(created_by_id=user.pk)


def register() -> None:
    """Called once from `EventsConfig.ready()`."""
    extensions.summary_counts.append(summary_counts)
    extensions.summary_details.append(summary_details)
    extensions.spoke_in.append(spoke_in)
    extensions.history_sections.append(history_section)
    extensions.on_merge.append(move_on_merge)
    extensions.reviewed_by.append(reviewed_by)
    extensions.hidden_from.append(hidden_from)
