"""The audit codes: every action Podium records, what its entry may carry, and how
the audit page says it.

Each app declares its codes (`AuditCode`) and adds them from its
`AppConfig.ready()` with `register(...)`; the audit page reads them here, so it
never imports a domain app. A code declares the `data` keys its entries may carry;
`record()` refuses an undeclared code or key while `PODIUM_AUDIT_CHECK_CODES` is on
(under DEBUG and in the test suite), so a new key is a reviewed declaration, not an
accident. What may go in `data` — facts, never the free text people typed — is
written in this app's README ("What goes in an entry").

Links to records work the same way: an app that owns a record type adds a
`TargetLink` for it, which gives the page for one record only if the reader may
open it (its own access rules), so the log never links blindly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

# Keys that name free text someone typed. No code may declare one (checked by
# `podium/audit/tests/test_codes.py`); a changed text field is named in
# `changes` with `TEXT_CHANGED`, never its words.
FREE_TEXT_KEYS = frozenset(
    {
        "answer",
        "comment",
        "condition_note",
        "description",
        "details",
        "findings",
        "grounds",
        "incidents",
        "message",
        "note",
        "notes",
        "question",
        "rationale",
        "reason",
        "references",
        "text",
        "title",
    }
)
# What `changes()` writes for a free-text field: that it changed, not how.
TEXT_CHANGED = {"changed": True}


class AuditCodeError(ValueError):
    """An entry with an undeclared code or data key."""


@dataclass(frozen=True)
class AuditCode:
    """One action. `sentence` says it for people, with `{actor}` (the person, or
    "Podium") and `{target}` (the record's label) filled in, e.g. "{actor} granted
    a role to {target}"; `describe`, if given, picks the sentence from the entry's
    data (e.g. "approved" or "rejected"). `keys` are the data keys its entries may
    carry. `show`, if given, cleans an entry's data for the audit page: a key whose
    older entries held free text in the same key (a condition's words where an id
    now goes) is cut back to what the code carries now."""

    code: str
    sentence: str
    keys: frozenset[str] = field(default_factory=frozenset)
    describe: Callable[[Mapping[str, Any]], str] | None = None
    show: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def sentence_for(self, data: Mapping[str, Any]) -> str:
        if self.describe is not None:
            try:
                return self.describe(data) or self.sentence
            except (KeyError, TypeError, ValueError, AttributeError):
                return self.sentence
        return self.sentence


def code(
    name: str,
    sentence: str,
    keys: Iterable[str] = (),
    describe: Callable[[Mapping[str, Any]], str] | None = None,
    show: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> AuditCode:
    return AuditCode(
        code=name, sentence=sentence, keys=frozenset(keys), describe=describe, show=show
    )


@dataclass(frozen=True)
class TargetLink:
    """The pages of records of `target_type` ("app.model") that `reader` may open:
    `urls_for(reader, ids)` returns {id: url} for those ids only (one query for a
    page of entries); a record the reader may not open, or that is gone, is left
    out."""

    target_type: str
    urls_for: Callable[[Any, list[int]], Mapping[int, str]]
    # How the page shows a label written before a rule about labels (a request's
    # older labels were "reference: title"; the page shows the reference).
    clean_label: Callable[[str], str] | None = None


_CODES: dict[str, AuditCode] = {}
_LINKS: dict[str, TargetLink] = {}


def register(*codes: AuditCode) -> None:
    for item in codes:
        known = _CODES.get(item.code)
        if known is not None and known != item:
            raise ValueError(f"The audit code {item.code!r} is declared twice.")
        _CODES[item.code] = item


def register_link(link: TargetLink) -> None:
    _LINKS[link.target_type] = link


def lookup(action: str) -> AuditCode | None:
    return _CODES.get(action)


def all_codes() -> list[AuditCode]:
    return sorted(_CODES.values(), key=lambda c: c.code)


def links_for(reader: Any, targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """{(target_type, target_id): url} for the records `reader` may open, one
    lookup per record type."""
    wanted: dict[str, set[int]] = {}
    for target_type, target_id in targets:
        if target_type in _LINKS and target_id.isdigit():
            wanted.setdefault(target_type, set()).add(int(target_id))
    found: dict[tuple[str, str], str] = {}
    for target_type, ids in wanted.items():
        for pk, url in _LINKS[target_type].urls_for(reader, sorted(ids)).items():
            found[(target_type, str(pk))] = url
    return found


def linked_types() -> list[str]:
    return sorted(_LINKS)


def check(action: str, data: Mapping[str, Any]) -> None:
    """Refuse an undeclared code or data key (when `PODIUM_AUDIT_CHECK_CODES`)."""
    if not getattr(settings, "PODIUM_AUDIT_CHECK_CODES", False):
        return
    declared = _CODES.get(action)
    if declared is None:
        raise AuditCodeError(
            f"The audit code {action!r} is not declared: add it to its app's audit codes."
        )
    extra = sorted(set(data) - declared.keys)
    if extra:
        raise AuditCodeError(
            f"The audit code {action!r} does not declare the data keys {extra}: "
            "declare them (facts only, never free text) or leave them out."
        )


def label_for(entry: Any) -> str:
    """The record's label as the audit page shows it."""
    label = entry.target_label or (
        f"{entry.target_type}:{entry.target_id}" if entry.target_type else ""
    )
    link = _LINKS.get(entry.target_type)
    if link is not None and link.clean_label is not None and entry.target_label:
        return link.clean_label(entry.target_label)
    return str(label)


def _person(entry: Any) -> str:
    if entry.actor_id is None:
        return "Podium"
    name = getattr(entry.actor, "full_name", "") if entry.actor is not None else ""
    return name or entry.actor_label


def sentence_for(entry: Any) -> str:
    """What an entry says, for people: "Priya Shah signed in", "Jo Bloggs approved
    event request EV-2026-000012". An entry whose code is no longer declared reads
    "<person>: <code>"."""
    declared = _CODES.get(entry.action)
    target = label_for(entry)
    if declared is None:
        return f"{_person(entry)}: {entry.action}"
    sentence = declared.sentence_for(entry.data if isinstance(entry.data, dict) else {})
    # Replaced, not str.format(): a label may hold braces.
    sentence = sentence.replace("{actor}", _person(entry)).replace("{target}", target)
    return sentence[:1].upper() + sentence[1:]


def shown_data(entry: Any) -> tuple[dict[str, Any], bool]:
    """The entry's data the audit page shows: only the keys its code declares now,
    and whether any were held back. Entries written before a rule (free text in
    older entries) keep every byte in the log, and `audit-verify` checks them, but
    the page does not show what no code declares (docs/operations.md)."""
    data = entry.data if isinstance(entry.data, dict) else {}
    declared = _CODES.get(entry.action)
    keys = declared.keys if declared is not None else frozenset()
    shown = {k: v for k, v in data.items() if k in keys}
    if declared is not None and declared.show is not None:
        cleaned = declared.show(dict(shown))
        return cleaned, len(shown) != len(data) or cleaned != shown
    return shown, len(shown) != len(data)
