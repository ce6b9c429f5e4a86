"""Reads for the speaker register: search and duplicate detection, a speaker's
page and history summaries (a fixed number of queries however many speakers), and
checks due for renewal. What a speaker did on event requests is added by events
through `extensions`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import reduce
from itertools import product
from operator import or_
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from podium.core.pagination import Page, keyset_page
from podium.speakers import extensions, tokens
from podium.speakers.extensions import Section
from podium.speakers.matching import (
    LIKELY,
    SHOWN,
    match_key,
    prefixes,
    search_score,
    similarity,
    word_similarity,
)
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
    # Events here and checks (`with_facts`), for "did you mean" and likely duplicates.
    summary: Summary | None = None

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def facts(self) -> str:
        return facts_line(self.summary) if self.summary is not None else ""


def _candidates(keys: Sequence[str]) -> list[tuple[int, str, str]]:
    """(speaker id, name, match key) of names near any of `keys`: on PostgreSQL
    by their words (two queries), on SQLite by the words' first letters (one)."""
    if connection.vendor == "postgresql":
        return _candidates_by_words(keys)
    condition = Q()
    for key in keys:
        for prefix in prefixes(key):
            condition |= Q(match_key__contains=prefix)
    return list(
        SpeakerName.objects.filter(condition).values_list("speaker_id", "name", "match_key")[
            :SQLITE_CANDIDATES
        ]
    )


# PostgreSQL: for each word of a query, the NEAR_WORDS nearest words of the register
# (`NameToken`, trigram distance); a name is a candidate when it holds a near word
# for every word of the query, closest words first (WORD_LEVELS: the words' own
# similarity, as the Python scorer measures it), then when it holds one for all
# words but one (a middle name the register lacks, a word split or joined).
NEAR_WORDS = 48
WORD_LEVELS = (1.0, 0.9, 0.85, 0.8, 0.7, 0.6)
# The key spelt with each word's nearest words at CORRECTED or above: at most about
# CORRECTIONS spellings in all (8 nearest words for one or two words, 4 for three).
CORRECTED, CORRECTIONS = 0.8, 64
_WORDS = f"{tokens.WORDS_FUNCTION}(match_key)"  # the expression the GIN index is on


def _near_words(words: Sequence[str]) -> dict[str, list[tuple[float, str]]]:
    """Each word's nearest register words, with their similarity to it, best first.
    One query: the nearest few by trigram distance from the small words table."""
    sql = (
        "SELECT q.word, t.token FROM unnest(%s::text[]) AS q(word) CROSS JOIN LATERAL "
        "(SELECT token FROM speakers_nametoken ORDER BY token <-> q.word LIMIT %s) t"
    )
    near: dict[str, list[tuple[float, str]]] = {word: [] for word in words}
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(words), NEAR_WORDS])
        for word, token in cursor.fetchall():
            near[word].append((word_similarity(word, token), token))
    for found in near.values():
        found.sort(key=lambda pair: (-pair[0], pair[1]))
    return near


def _holds_all(word_sets: Sequence[list[str]], params: list[Any]) -> str:
    params.extend(word_sets)
    return "(" + " AND ".join(f"{_WORDS} && %s::text[]" for _ in word_sets) + ")"


def _key_is_one_of(keys: Sequence[str], params: list[Any]) -> str:
    """`match_key` equal to one of `keys`, written as ranges so that only the btree
    index (`speakername_key_idx`) can answer it: the planner would otherwise read
    the trigram GiST index, which also serves `=`, at many times the cost."""
    for each in keys:
        params.extend([each, each])
    return "(" + " OR ".join("match_key BETWEEN %s AND %s" for _ in keys) + ")"


def _tiers(key: str, near: dict[str, list[tuple[float, str]]]) -> tuple[str, list[Any]]:
    """One key's candidates, closest first, NEAREST in all: names with this very
    key (or one of its words twice), or the key spelt with the register's nearest
    words; names holding every word of it; names with
    the key less one word (a middle name the register lacks); names holding a
    near word for every word, level by level; then for all words but one. A tier
    repeats names of the tiers before, which the caller drops (a condition leaving
    them out would mislead the planner's estimates). SQL and its parameters."""
    words = list(dict.fromkeys(key.split()))
    parts: list[str] = []
    params: list[Any] = []
    columns = "SELECT speaker_id, name, match_key FROM speakers_speakername WHERE "

    def tier(condition: str) -> None:
        parts.append(f"({columns}{condition} LIMIT {NEAREST})")

    # This very key, or with one of its words twice ("hasan hasan"): a full match.
    tier(_key_is_one_of([key, *(" ".join(sorted([*words, word])) for word in words)], params))
    levels = [
        [[t for score, t in near[word] if score >= level] for word in words]
        for level in WORD_LEVELS
    ]
    # The key spelt with the register's nearest words ("hasn" -> "hasan").
    each = max(2, min(8, int(CORRECTIONS ** (1 / len(words)))))  # spellings stay few
    corrected = [
        [(score, token) for score, token in near[word] if score >= CORRECTED][:each]
        for word in words
    ]
    if all(corrected):
        # Closest spelling first, each a tier of its own: a common name spelt one
        # way ("john smith") must not crowd out a rarer, closer one ("jon smith").
        spellings: dict[str, float] = {}
        for combo in product(*corrected):
            spelt = " ".join(sorted(token for _, token in combo))
            closeness = sum(score for score, _ in combo) / len(combo)
            if spelt != key and closeness > spellings.get(spelt, 0.0):
                spellings[spelt] = closeness
        for spelt in sorted(spellings, key=lambda each: (-spellings[each], each)):
            tier(_key_is_one_of([spelt], params))
    if all(levels[0]):
        tier(_holds_all(levels[0], params))
    if len(words) > 1:
        shorter = [
            " ".join(sorted(w for i, w in enumerate(words) if i != j)) for j in range(len(words))
        ]
        tier(_key_is_one_of(shorter, params))
    previous = levels[0]
    for sets in levels[1:]:
        if all(sets) and sets != previous:
            tier(_holds_all(sets, params))
            previous = sets
    widest = levels[-1]
    if len(words) > 1:
        some = [
            _holds_all([found for i, found in enumerate(widest) if i != skipped], params)
            for skipped in range(len(words))
            if all(found for i, found in enumerate(widest) if i != skipped)
        ]
        if some:
            tier("(" + " OR ".join(some) + ")")
    union = " UNION ALL ".join(parts)  # constants and %s placeholders only
    return f"(SELECT * FROM ({union}) tiers LIMIT {NEAREST})", params  # noqa: S608


def _candidates_by_words(keys: Sequence[str]) -> list[tuple[int, str, str]]:
    near = _near_words(list(dict.fromkeys(word for key in keys for word in key.split())))
    queries, params = [], []
    for key in keys:
        sql, key_params = _tiers(key, near)
        queries.append(sql)
        params.extend(key_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(queries), params)
        rows = cursor.fetchall()
    return list(dict.fromkeys((speaker_id, name, match) for speaker_id, name, match in rows))


def _ranked_many(
    queries: dict[Any, list[str]],
    *,
    scorer: Any,
    threshold: float,
    exclude: dict[Any, set[int]] | None = None,
    visible: Q,
) -> dict[Any, list[Match]]:
    """For each entry of `queries` (any label -> the names to look for), the live
    speakers resembling any of its names, best first. Two queries whatever the number
    of names: the candidates (on PostgreSQL two: the nearest words, then the names),
    then the speakers."""
    keys = {
        label: [k for k in dict.fromkeys(map(match_key, names)) if k]
        for label, names in queries.items()
    }
    every = list(dict.fromkeys(k for ks in keys.values() for k in ks))
    if not every:
        return {label: [] for label in queries}
    candidates = _candidates(every)
    best: dict[Any, dict[int, tuple[float, str]]] = {label: {} for label in queries}
    for label, label_keys in keys.items():
        skip = (exclude or {}).get(label, set())
        found = best[label]
        for speaker_id, name, candidate in candidates:
            if speaker_id in skip:
                continue
            score = max(scorer(key, candidate) for key in label_keys) if label_keys else 0.0
            if score >= threshold and score > found.get(speaker_id, (0.0, ""))[0]:
                found[speaker_id] = (score, name)
    ids = {pk for found in best.values() for pk in found}
    speakers = Speaker.objects.filter(visible).in_bulk(list(ids)) if ids else {}
    ranked: dict[Any, list[Match]] = {}
    for label, found in best.items():
        matches = [
            Match(speaker=speakers[pk], matched_name=name, score=score)
            for pk, (score, name) in found.items()
            if pk in speakers and speakers[pk].merged_into_id is None
        ]
        matches.sort(key=lambda m: (-m.score, m.speaker.name, m.speaker.pk))
        ranked[label] = matches
    return ranked


def _ranked(
    query: str, *, scorer: Any, threshold: float, exclude: Iterable[int] = (), visible: Q
) -> list[Match]:
    return _ranked_many(
        {None: [query]},
        scorer=scorer,
        threshold=threshold,
        exclude={None: set(exclude)},
        visible=visible,
    )[None]


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


def did_you_mean(*, names: Sequence[str], visible: Q, limit: int = 5) -> list[Match]:
    """The rule every way of adding a speaker follows (the register's page and API,
    a request's speakers step and API): the live speakers `visible` to the person
    that are probably the same person as any of `names` (a name and its other
    spellings), best first, each with its events here and checks (`with_facts`).
    Non-empty: the person must choose one, or confirm "a different person". Three
    queries whatever the number of names (four on PostgreSQL)."""
    matches = _ranked_many(
        {None: [n for n in names if n and n.strip()]},
        scorer=similarity,
        threshold=LIKELY,
        visible=visible,
    )[None]
    return with_facts(matches[:limit])


def duplicates_of(
    speakers: Sequence[Speaker], *, visible: Q, limit: int = 5
) -> dict[int, list[Match]]:
    """For a reviewer: each of `speakers`' likely duplicates among the live records
    `visible` to them (their `access.restricted_filter`), with the same facts as
    "did you mean". Three queries (four on PostgreSQL) whatever the number of speakers."""
    ranked = _ranked_many(
        {s.pk: [s.name] for s in speakers},
        scorer=similarity,
        threshold=LIKELY,
        exclude={s.pk: {s.pk} for s in speakers},
        visible=visible,
    )
    found = {pk: matches[:limit] for pk, matches in ranked.items()}
    everyone = with_facts([m for matches in found.values() for m in matches])
    by_id = {m.speaker.pk: m.summary for m in everyone}
    return {
        pk: [replace(m, summary=by_id.get(m.speaker.pk)) for m in matches]
        for pk, matches in found.items()
    }


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


@dataclass
class Recent:
    """A name on "Recently added": its newest record, and how many of the recent
    records carry that name (in any spelling: the same match key)."""

    speaker: Speaker
    records: int = 1


def recent_speakers(*, visible: Q, limit: int = 25) -> list[Recent]:
    """The names most recently added to the register, each once: records sharing a
    name (typed again on request after request) collapse into one line with their
    number; merged records are left out. One query."""
    primary_key = SpeakerName.objects.filter(speaker=OuterRef("pk"), is_primary=True).values(
        "match_key"
    )[:1]
    rows = (
        Speaker.objects.filter(visible, merged_into__isnull=True)
        .annotate(key=Subquery(primary_key))
        .order_by("-created_at", "-pk")[: limit * 8]
    )
    grouped: dict[str, Recent] = {}
    for row in rows:
        key = getattr(row, "key", None) or f"#{row.pk}"
        if key in grouped:
            grouped[key].records += 1
        elif len(grouped) < limit:
            grouped[key] = Recent(speaker=row)
    return list(grouped.values())


# --- History ---------------------------------------------------------------------------


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass
class Summary:
    """One line about a speaker's past here, and the state of their checks."""

    appearances: int = 0
    spoke: int = 0
    with_conditions: int = 0
    # The condition set most often (the speaker page only: `extensions.summary_details`).
    most_often: str = ""
    incidents: int = 0
    checks: int = 0
    latest_recheck_after: date | None = None
    latest_checked_on: date | None = None

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
            common = self.most_often
            detail = f" (most often: {common.lower()})" if common else ""
            parts.append(f"{_times(self.with_conditions)} with conditions{detail}")
        parts.append(
            "no incidents"
            if not self.incidents
            else f"{self.incidents} incident{'s' if self.incidents != 1 else ''}"
        )
        return ", ".join(parts).capitalize()


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def facts_line(summary: Summary) -> str:
    """For "did you mean" and likely duplicates: events here, the last check and
    whether it is current ("Spoke here twice; last checked 3 March 2026, current
    until 3 March 2027")."""
    spoke = f"spoke here {_times(summary.spoke)}" if summary.spoke else "has not spoken here before"
    latest = summary.latest_recheck_after
    if latest is None:
        check = "never checked"
    else:
        last = (
            f"last checked {_day(summary.latest_checked_on)}"
            if summary.latest_checked_on
            else "checked"
        )
        state = (
            f"current until {_day(latest)}"
            if summary.has_current_check
            else f"re-check due since {_day(latest)}"
        )
        check = f"{last}, {state}"
    return f"{spoke.capitalize()}; {check}"


def match_facts(speaker_ids: Sequence[int]) -> dict[int, str]:
    """Each speaker's `facts_line`, so the person picks the record with the history
    (one query for all)."""
    return {pk: facts_line(summary) for pk, summary in summaries_for(speaker_ids).items()}


def with_facts(matches: Sequence[Match]) -> list[Match]:
    """The matches with each one's summary, for its facts (one query for all)."""
    summaries = summaries_for([m.speaker.pk for m in matches])
    return [replace(m, summary=summaries.get(m.speaker.pk)) for m in matches]


def summaries_for(
    speaker_ids: Sequence[int], *, excluding_request: int | None = None, details: bool = False
) -> dict[int, Summary]:
    """A summary per speaker in one query, whatever the number of speakers. The counts
    of past events come from the apps above the register (`extensions.summary_counts`);
    with `details`, so does what only the speaker page shows (`extensions.summary_details`),
    and the checks are counted."""
    ids = [pk for pk in set(speaker_ids) if pk]
    if not ids:
        return {}
    counts: dict[str, Any] = {}
    for provider in extensions.summary_counts:
        counts.update(provider(excluding_request))
    extra: dict[str, Any] = {}
    for detail in extensions.summary_details if details else []:
        extra.update(detail())
    rows = (
        Speaker.objects.filter(pk__in=ids)
        .annotate(**{f"n_{name}": aggregate for name, aggregate in counts.items()})
        .annotate(**{f"d_{name}": value for name, value in extra.items()})
        .annotate(
            latest=Max("checks__recheck_after"),
            last_checked=Max("checks__checked_on"),
            # How many checks: the speaker page's "the latest 10 of n" only.
            n_checks=Count("checks", distinct=True) if details else Value(0),
        )
        .values(
            "pk",
            "latest",
            "last_checked",
            "n_checks",
            *(f"n_{name}" for name in counts),
            *(f"d_{name}" for name in extra),
        )
    )
    return {
        row["pk"]: Summary(
            latest_recheck_after=row["latest"],
            latest_checked_on=row["last_checked"],
            checks=row["n_checks"],
            **{name: row[f"n_{name}"] for name in counts},
            **{name: row[f"d_{name}"] or "" for name in extra},  # type: ignore[arg-type]
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


# The speaker page shows the newest checks only, with how many there are in all and a
# link to the full list (`speakers:speaker-checks`, keyset-paged).
LATEST_CHECKS = 10
CHECKS_PAGE_SIZE = 50


def _with_sources(checks: Iterable[SpeakerCheck]) -> list[CheckView]:
    """Each check with its source names, in the checks' order (one query for all)."""
    checks = list(checks)
    sources: dict[int, list[str]] = {}
    if checks:
        for check_id, name in (
            SpeakerCheck.sources.through.objects.filter(speakercheck_id__in=[c.pk for c in checks])
            .order_by("checksource__position", "checksource__name")
            .values_list("speakercheck_id", "checksource__name")
        ):
            sources.setdefault(check_id, []).append(name)
    return [CheckView(check=c, sources=sources.get(c.pk, [])) for c in checks]


def _checks(speaker: Speaker) -> QuerySet[SpeakerCheck]:
    return SpeakerCheck.objects.filter(speaker=speaker).select_related("checked_by")


def latest_checks(speaker: Speaker, *, limit: int = LATEST_CHECKS) -> list[CheckView]:
    """The speaker's newest checks, each with its source names: one query (a row per
    check and source, for the newest `limit` checks only)."""
    newest = _checks(speaker).order_by("-checked_on", "-pk").values("pk")[:limit]
    views: dict[int, CheckView] = {}
    rows = (
        SpeakerCheck.objects.filter(pk__in=Subquery(newest))
        .select_related("checked_by")
        .annotate(source_name=F("sources__name"))
        .order_by("-checked_on", "-pk", "sources__position", "sources__name")
    )
    for row in rows:
        view = views.setdefault(row.pk, CheckView(check=row, sources=[]))
        if row.source_name:
            view.sources.append(row.source_name)
    return list(views.values())


def checks_page(
    speaker: Speaker,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = CHECKS_PAGE_SIZE,
) -> Page[Any]:
    """One page of all the speaker's checks, newest first (two queries)."""
    page = keyset_page(
        _checks(speaker),
        field="checked_on",
        after=after,
        before=before,
        size=size,
        descending=True,
    )
    return Page(
        items=_with_sources(page.items),
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )


def speaker_view(*, speaker: Speaker, is_reviewer: bool) -> SpeakerView:
    """Everything the speaker page shows. Organisers get names, affiliations and
    links only: no history, no contact details, no checks. Reviewers get the summary
    (one query, `summaries_for`), the newest checks (`LATEST_CHECKS`) and the
    sections of the apps above the register (`extensions.history_sections`), each
    bounded however long the speaker's history."""
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
        summary = summaries_for([speaker.pk], details=True).get(speaker.pk, summary)
        sections = [section(speaker, summary) for section in extensions.history_sections]
        checks = latest_checks(speaker) if summary.checks else []
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


def speaker_named(*, name: str) -> Speaker | None:
    """The oldest live record with exactly this name, or None (the demo reuses it
    instead of adding the same person again)."""
    return (
        Speaker.objects.filter(name=" ".join(name.split()), merged_into__isnull=True)
        .order_by("pk")
        .first()
    )
