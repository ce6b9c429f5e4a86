"""Where apps above the register add what they know about a speaker. The register
sits below `podium.events` and imports none of it; events fills these lists in
`EventsConfig.ready()` (`podium.events.speakers.history`).

- `summary_counts`: each callable takes the request to leave out (or None) and
  returns aggregates over `Speaker` rows, keyed by the `selectors.Summary` count
  they fill (`appearances`, `spoke`, `with_conditions`, `incidents`). They are added
  to the one query `selectors.summaries_for` makes, so its query count stays fixed.
- `summary_details`: each callable returns annotations over `Speaker` rows, keyed by
  the `selectors.Summary` field they fill, that only the speaker page shows (events:
  the most frequent condition, `most_often`). `selectors.summaries_for(...,
  details=True)` adds them to its one query.
- `history_sections`: each callable takes the speaker and the page's summary (already
  counted by `selectors.summaries_for`, which includes `summary_counts`), may add
  detail to it (events: the most frequent condition), and returns a section of the
  speaker page (a template and its context) shown to reviewers above the checks. A
  section shows a bounded number of rows, however long the speaker's history.
- `on_merge`: each callable takes the merged record and the survivor inside the
  merge's transaction, moves what points at the merged record, and returns how
  many rows it moved by kind (recorded in the merge's audit entry).
- `reviewed_by`: each callable takes a person and returns a filter over `Speaker`
  selecting the speakers on requests in that person's review scope: a reviewer who
  is not institution-wide sees those speakers' restricted fields, and no others'
  (`access.restricted_filter`). With none registered, only institution-wide
  reviewers see restricted fields (deny by default).
- `hidden_from`: each callable takes a person and returns a filter over `Speaker`
  selecting the speakers that person must not find in the register at all (a
  speaker typed only on someone else's unsubmitted draft: `access.findable_filter`).
- `spoke_in`: each callable takes a year and returns a filter over `Speaker`
  selecting the speakers who spoke at an approved event starting in that year (the
  register's "spoke in" filter, `selectors.register_page`). With none registered,
  the filter finds nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Q

    from podium.speakers.models import Speaker
    from podium.speakers.selectors import Summary


@dataclass
class Section:
    """A section of the speaker page: `template` rendered with `context`."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


summary_counts: list[Callable[[int | None], dict[str, Any]]] = []
summary_details: list[Callable[[], dict[str, Any]]] = []
history_sections: list[Callable[[Speaker, Summary], Section]] = []
on_merge: list[Callable[[Speaker, Speaker], dict[str, int]]] = []
reviewed_by: list[Callable[[Any], Q]] = []
hidden_from: list[Callable[[Any], Q]] = []
spoke_in: list[Callable[[int], Q]] = []
