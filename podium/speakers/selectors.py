"""Reads for the speaker register: search and duplicate detection, a speaker's
page and history summaries (a fixed number of queries however many speakers), and
checks due for renewal. What a speaker did on event requests is added by events
through `extensions`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from podium.core.pagination import Page, keyset_page
from podium.speakers import extensions
from podium.speakers.extensions import Section
from podium.speakers.matching import LIKELY, SHOWN, match_key, prefixes, search_score, similarity
from podium.speakers.models import (
    CheckSource,
    CodeOfConduct,
    Speaker,
    SpeakerCheck,
    SpeakerName,
)

# How many nearest names PostgreSQL hands to the Python scorer.
NEAREST = 60
# SQLite: at most this many candidates sharing a token prefix are scored.
SQLITE_CANDIDATES = 5000


@dataclass
class Match:
    speaker: Speaker
    matched_name: str
    score: float
    facts: str = ""  # events here and checks (`with_facts`), for "did you mean"

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _candidates(key: str) -> list[tuple[int, str, str]]:
    """(speaker id, name, match key) of names near `key`."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramDistance

        # Nearest neighbours by trigram distance: an index-ordered scan of the GiST
        # trigram index (migration 0002), so the cost does not grow with the register.
        return list(
            SpeakerName.objects.annotate(distance=TrigramDistance("match_key", key))
            .order_by("distance")
            .values_list("speaker_id", "name", "match_key")[:NEAREST]
        )
    condition = Q()
    for prefix in prefixes(key):
        condition |= Q(match_key__contains=prefix)
    return list(
        SpeakerName.objects.filter(condition).values_list("speaker_id", "name", "match_key")[
            :SQLITE_CANDIDATES
        ]
    )


def _ranked(
    query: str, *, scorer: Any, threshold: float, exclude: Iterable[int] = (), visible: Q
) -> list[Match]:
    key = match_key(query)
    if not key:
        return []
    best: dict[int, tuple[float, str]] = {}
    skip = set(exclude)
    for speaker_id, name, candidate in _candidates(key):
        if speaker_id in skip:
            continue
        score = scorer(key, candidate)
        if score >= threshold and score > best.get(speaker_id, (0.0, ""))[0]:
            best[speaker_id] = (score, name)
    speakers = Speaker.objects.filter(visible).in_bulk(list(best))
    matches = [
        Match(speaker=speakers[pk], matched_name=name, score=score)
        for pk, (score, name) in best.items()
        if pk in speakers and speakers[pk].merged_into_id is None
    ]
    matches.sort(key=lambda m: (-m.score, m.speaker.name, m.speaker.pk))
    return matches


# `visible` below is the person's `access.findable_filter` (the register leaves out
# speakers typed only on someone else's unsubmitted draft).


def search(*, query: str, visible: Q, limit: int = 25) -> list[Match]:
    """Speakers whose names resemble `query`, best first."""
    return _ranked(query, scorer=search_score, threshold=SHOWN, visible=visible)[:limit]


def likely_duplicates(
    *, name: str, visible: Q, exclude: Iterable[int] = (), limit: int = 5
) -> list[Match]:
    """Existing speakers probably the same person as `name` ("did you mean")."""
    return _ranked(name, scorer=similarity, threshold=LIKELY, exclude=exclude, visible=visible)[
        :limit
    ]


# The register's browse filters (`register_page`): by the state of the checks.
CHECK_FILTERS = {
    "": "Any",
    "current": "Checked, check current",
    "recheck": "Checked, re-check due",
    "never": "Never checked",
}


def register_page(
    *,
    visible: Q,
    check: str = "",
    spoke_in: int | None = None,
    merged: bool = False,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Page[Speaker]:
    """The register in name order, keyset-paged, filtered by the state of the checks,
    the year a speaker spoke in (`extensions.spoke_in`), and merged records (shown
    instead of the live ones when `merged`). One query for a page."""
    today = timezone.localdate()
    checks = SpeakerCheck.objects.filter(speaker=OuterRef("pk"))
    rows = Speaker.objects.filter(visible, merged_into__isnull=not merged)
    if merged:
        rows = rows.select_related("merged_into")
    if check == "current":
        rows = rows.filter(Exists(checks.filter(recheck_after__gte=today)))
    elif check == "recheck":
        rows = rows.filter(Exists(checks), ~Exists(checks.filter(recheck_after__gte=today)))
    elif check == "never":
        rows = rows.filter(~Exists(checks))
    if spoke_in is not None:
        found = [condition(spoke_in) for condition in extensions.spoke_in]
        rows = rows.filter(reduce(or_, found)) if found else rows.none()
    rows = rows.annotate(
        latest_recheck=Subquery(checks.order_by("-recheck_after").values("recheck_after")[:1])
    )
    return keyset_page(rows, field="name", after=after, before=before, size=size)


def recent_speakers(*, visible: Q, limit: int = 25) -> QuerySet[Speaker]:
    return Speaker.objects.filter(visible, merged_into__isnull=True).order_by("-created_at", "-pk")[
        :limit
    ]


# --- History ---------------------------------------------------------------------------


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass
class Summary:
    """One line about a speaker's past here, and the state of their checks."""

    appearances: int = 0
    spoke: int = 0
    with_conditions: int = 0
    condition_names: list[str] = field(default_factory=list)
    incidents: int = 0
    latest_recheck_after: date | None = None

    @property
    def has_current_check(self) -> bool:
        return self.latest_recheck_after is not None and (
            self.latest_recheck_after >= timezone.localdate()
        )

    @property
    def recheck_due(self) -> bool:
        return self.latest_recheck_after is not None and not self.has_current_check

    @property
    def line(self) -> str:
        if not self.spoke:
            first = "has not spoken here before"
        else:
            first = f"spoke here {_times(self.spoke)}"
        parts = [first]
        if self.with_conditions:
            common = max(set(self.condition_names), key=self.condition_names.count, default="")
            detail = f" (most often: {common.lower()})" if common else ""
            parts.append(f"{_times(self.with_conditions)} with conditions{detail}")
        parts.append(
            "no incidents"
            if not self.incidents
            else f"{self.incidents} incident{'s' if self.incidents != 1 else ''}"
        )
        return ", ".join(parts).capitalize()


def match_facts(speaker_ids: Sequence[int]) -> dict[int, str]:
    """For "did you mean": each candidate's events here and the state of its checks,
    so the person picks the record with the history (one query for all)."""
    facts = {}
    for pk, summary in summaries_for(speaker_ids).items():
        spoke = (
            f"spoke here {_times(summary.spoke)}" if summary.spoke else "has not spoken here before"
        )
        latest = summary.latest_recheck_after
        if latest is None:
            check = "never checked"
        elif summary.has_current_check:
            check = f"checked, current until {latest.day} {latest:%B %Y}"
        else:
            check = f"checked, re-check due since {latest.day} {latest:%B %Y}"
        facts[pk] = f"{spoke.capitalize()}; {check}"
    return facts


def with_facts(matches: Sequence[Match]) -> list[Match]:
    """The matches with each one's `match_facts` (one query for all)."""
    facts = match_facts([m.speaker.pk for m in matches])
    return [replace(m, facts=facts.get(m.speaker.pk, "")) for m in matches]


def summaries_for(
    speaker_ids: Sequence[int], *, excluding_request: int | None = None
) -> dict[int, Summary]:
    """A summary per speaker in one query, whatever the number of speakers. The counts
    of past events come from the apps above the register (`extensions.summary_counts`)."""
    ids = [pk for pk in set(speaker_ids) if pk]
    if not ids:
        return {}
    counts: dict[str, Any] = {}
    for provider in extensions.summary_counts:
        counts.update(provider(excluding_request))
    rows = (
        Speaker.objects.filter(pk__in=ids)
        .annotate(**{f"n_{name}": aggregate for name, aggregate in counts.items()})
        .annotate(latest=Max("checks__recheck_after"))
        .values("pk", "latest", *(f"n_{name}" for name in counts))
    )
    return {
        row["pk"]: Summary(
            latest_recheck_after=row["latest"], **{name: row[f"n_{name}"] for name in counts}
        )
        for row in rows
    }


@dataclass
class CheckView:
    check: SpeakerCheck
    sources: list[str]


@dataclass
class SpeakerView:
    speaker: Speaker
    names: list[SpeakerName]
    sections: list[Section]
    checks: list[CheckView]
    merged_from: list[Speaker]
    summary: Summary
    is_reviewer: bool


def _checks_with_sources(speaker: Speaker) -> list[CheckView]:
    """The speaker's checks, newest first, each with its source names: one query (a
    row per check and source)."""
    views: dict[int, CheckView] = {}
    rows = (
        SpeakerCheck.objects.filter(speaker=speaker)
        .select_related("checked_by")
        .annotate(source_name=F("sources__name"))
        .order_by("-checked_on", "-pk", "sources__position", "sources__name")
    )
    for row in rows:
        view = views.setdefault(row.pk, CheckView(check=row, sources=[]))
        if row.source_name:
            view.sources.append(row.source_name)
    return list(views.values())


def speaker_view(*, speaker: Speaker, is_reviewer: bool) -> SpeakerView:
    """Everything the speaker page shows. Organisers get names, affiliations and
    links only: no history, no contact details, no checks. The history of event
    requests comes from the apps above the register (`extensions.history_sections`)."""
    names = list(speaker.names.all())
    sections: list[Section] = []
    checks: list[CheckView] = []
    merged_from: list[Speaker] = (
        speaker.merged_from_list
        if hasattr(speaker, "merged_from_list")
        else list(speaker.merged_from.select_related("merged_by").order_by("-merged_at"))
    )
    summary = Summary()
    if is_reviewer:
        sections = [section(speaker, summary) for section in extensions.history_sections]
        checks = _checks_with_sources(speaker)
        summary.latest_recheck_after = max((c.check.recheck_after for c in checks), default=None)
    return SpeakerView(
        speaker=speaker,
        names=names,
        sections=sections,
        checks=checks,
        merged_from=merged_from,
        summary=summary,
        is_reviewer=is_reviewer,
    )


# --- Re-checks ---------------------------------------------------------------------------


def due_rechecks(*, visible: Q, today: date | None = None, limit: int = 200) -> list[Any]:
    """Speakers whose latest check is past its re-check date, the longest overdue
    first; `visible` is the reviewer's `access.restricted_filter`."""
    day = today or timezone.localdate()
    return list(
        Speaker.objects.filter(visible, merged_into__isnull=True)
        .annotate(recheck_after=Max("checks__recheck_after"))
        .filter(recheck_after__lt=day)
        .order_by("recheck_after", "pk")[:limit]
    )


def current_code() -> CodeOfConduct | None:
    return CodeOfConduct.objects.order_by("-version").first()


def all_sources() -> QuerySet[CheckSource]:
    return CheckSource.objects.all()


def active_sources() -> QuerySet[CheckSource]:
    return CheckSource.objects.filter(is_active=True)


# --- Facts another app may share (podium.sharing) ----------------------------------------

SHAREABLE_FIELDS: dict[str, str] = {
    "name": "Name",
    "affiliations": "Affiliations",
    "links": "Public links",
    "due_diligence": "Due-diligence summary (latest check)",
}


def shareable_facts(*, speaker: Speaker, fields: Iterable[str]) -> dict[str, str]:
    """The speaker's values for `fields` (keys of `SHAREABLE_FIELDS`) as text, in that
    order: what an outgoing disclosure snapshots, and nothing more."""
    wanted = [name for name in SHAREABLE_FIELDS if name in set(fields)]
    facts: dict[str, str] = {}
    for name in wanted:
        if name == "due_diligence":
            check = speaker.checks.order_by("-checked_on", "-pk").first()
            facts[name] = (
                f"Checked {check.checked_on:%d %B %Y}: {check.findings}" if check else "No checks"
            )
        else:
            facts[name] = str(getattr(speaker, name))
    return facts


def speaker_by_id(*, pk: int) -> Speaker | None:
    """A live speaker record (not merged away), or None."""
    return Speaker.objects.filter(pk=pk, merged_into__isnull=True).first()
