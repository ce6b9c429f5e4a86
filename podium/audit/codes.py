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
    carry."""

    code: str
    sentence: str
    keys: frozenset[str] = field(default_factory=frozenset)
    describe: Callable[[Mapping[str, Any]], str] | None = None

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
) -> AuditCode:
    return AuditCode(code=name, sentence=sentence, keys=frozenset(keys), describe=describe)


@dataclass(frozen=True)
class TargetLink:
    """The page for one record of `target_type` ("app.model"), for `reader`: ""
    when the reader may not open it (or it is gone)."""

    target_type: str
    url_for: Callable[[Any, str], str]


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


def link_for(reader: Any, target_type: str, target_id: str) -> str:
    """The record's page if `reader` may open it, else ""."""
    link = _LINKS.get(target_type)
    if link is None or not target_id:
        return ""
    try:
        return link.url_for(reader, target_id) or ""
    except (ValueError, LookupError):
        return ""


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
