"""Subject access (UK GDPR Art 15): where each app says how to find a person and
what it holds about them. `core` knows no domain app: each app adds its entries from
its `AppConfig.ready()`, and `podium.subject_access` reads them, so a new app joins
the search and the export without subject_access importing its models.

- `PERSON_FINDERS`: given what the requester told us (a name, an e-mail address, a
  staff number), the person records that might be them (`Hit`s). Name search uses
  the speaker register's matching (`podium.speakers.matching`); e-mail addresses and
  staff numbers match exactly.
- `EXPORT_MAPPINGS`: one `ExportMapping` per model that holds personal data: the
  paths from a row to the person records the DPO confirmed, and which fields to
  export. Every model whose `personal_data` declaration is not "no personal data"
  must have one: `podium/subject_access/tests/test_completeness.py` fails otherwise.

A person is identified by the keys of the person records the DPO confirmed, by kind
(the model label of the person record: "accounts.User", "speakers.Speaker",
"training.StaffMember", "concerns.SubjectIdentity" — the subject of a Prevent
concern, held only as text on the case)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from podium.core.registry import Registry


@dataclass(frozen=True)
class SearchTerms:
    """What the requester gave to find them. Blank parts are not searched."""

    name: str = ""
    email: str = ""
    staff_number: str = ""
    # Name hits scoring below this are not shown (the register's "shown" threshold).
    threshold: float = 0.55


@dataclass(frozen=True)
class Hit:
    """One person record that may be the requester: `kind` is its model label, `pk`
    its key, `label` what the DPO reads, `matched_on` why it was found
    ("e-mail address", "staff number", "name, 92%"), `score` 0–1 (1: exact)."""

    kind: str
    pk: int
    label: str
    matched_on: str
    score: float


# (query, candidate name) -> similarity 0–1: the speaker register's matcher, passed
# in by podium.subject_access (core and the lower apps cannot import speakers).
NameScorer = Callable[[str, str], float]
_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class PersonFinder:
    name: str
    order: int
    find: Callable[[SearchTerms, NameScorer], list[Hit]]


@dataclass(frozen=True)
class ExportMapping:
    """How one model's rows about a person are found and exported.

    `about`: person kind -> ORM lookup paths from this model to that kind's key
    ("pk" for the person record itself, "organiser", "request__organiser"). A row is
    in the export when any path reaches a confirmed person record.
    `fields`: what is exported of each row: the model's declared personal-data fields
    and `context` (plain fields that make the row readable: dates, status). Foreign
    keys to a person record that is not the requester's, and the `third_party`
    fields (unless the row reaches the requester through an `owned_by` kind), are
    redacted as third parties' personal data.
    """

    model: str
    title: str
    about: Mapping[str, tuple[str, ...]]
    context: tuple[str, ...] = ()
    third_party: tuple[str, ...] = ()
    # Person kinds whose own data the `third_party` fields are: a row reached
    # through one of these kinds (its paths in `about`) exports them unredacted
    # (the subject of a Prevent concern reads what was noticed about them).
    owned_by: tuple[str, ...] = ()
    # Exemptions (podium.subject_access's codes) the DPO is asked to consider, and
    # why, before releasing a row reached through `owned_by`.
    consider: tuple[str, ...] = ()
    consider_why: str = ""
    order: int = field(default=0, compare=False)

    @property
    def name(self) -> str:
        return self.model


PERSON_FINDERS: Registry[PersonFinder] = Registry("subject access person finders")
EXPORT_MAPPINGS: Registry[ExportMapping] = Registry("subject access export mappings")


def register_exports(*mappings: ExportMapping) -> None:
    for mapping in mappings:
        EXPORT_MAPPINGS.add(mapping)


def mapping_for(label: str) -> ExportMapping | None:
    return next((m for m in EXPORT_MAPPINGS if m.model == label), None)


def name_prefilter(field_name: str, name: str) -> Q | None:
    """Rows whose `field_name` shares the first three letters of any word of `name`
    (case-insensitive): the candidates a finder scores with the matcher. None when
    the name has no word of three letters or more.

    On PostgreSQL this is `UPPER(field::text) LIKE '%MOH%'`: a finder's table needs
    a trigram GIN index on that expression (as accounts' and training's migrations
    0005 make), or every search reads the whole table."""
    condition = Q()
    for word in {w[:3] for w in _WORD.split(name.lower()) if len(w) >= 3}:
        condition |= Q(**{f"{field_name}__icontains": word})
    return condition or None


def scored_once(scorer: NameScorer) -> NameScorer:
    """`scorer`, remembering each (query, candidate) score for one search: people
    who share a name (many at national scale) are scored once."""
    scores: dict[tuple[str, str], float] = {}

    def score(query: str, candidate: str) -> float:
        key = (query, candidate)
        if key not in scores:
            scores[key] = scorer(query, candidate)
        return scores[key]

    return score
