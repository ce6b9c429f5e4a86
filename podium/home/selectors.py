"""The home's panels for a person: every app's waiting lines, cards and sections,
kept across requests under the person, the date and the versions
(`podium.core.navigation.kept`), and drawn once with them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from podium.core import navigation
from podium.core.registry import HOME_PANELS, HomeCard, HomePanel, Waiting

if TYPE_CHECKING:
    from django.contrib.auth.models import _User

# One panel's part of the page: its "Waiting for you" lines, its cards, its section.
Parts = tuple[list[Waiting], list[HomeCard], SafeString | None]


def _parts(panel: HomePanel, user: _User) -> Parts:
    waiting = panel.waiting(user) if panel.waiting is not None else []
    cards = panel.cards(user) if panel.cards is not None else []
    section = None
    if panel.template:
        context = dict(panel.context(user)) if panel.context is not None else {}
        section = SafeString(get_template(panel.template).render({"user": user, **context}))
    return waiting, cards, section


def compute_panels(user: _User) -> dict[str, Parts]:
    """Every kept panel's parts for the person, asked of the apps now (by name)."""
    return {panel.name: _parts(panel, user) for panel in HOME_PANELS if not panel.live}


def _until(kept: dict[str, Parts]) -> datetime | None:
    """The first instant a kept card changes with the clock alone (`HomeCard.until`)."""
    instants = [card.until for _, cards, _ in kept.values() for card in cards if card.until]
    return min(instants, default=None)


def _draw(parts: list[Parts]) -> str:
    waiting = [line for lines, _, _ in parts for line in lines]
    cards = [card for _, cards, _ in parts for card in cards]
    sections = [section for _, _, section in parts if section is not None]
    return render_to_string(
        "home/_panels.html", {"waiting": waiting, "cards": cards, "sections": sections}
    )


def _kept_home(user: _User) -> tuple[dict[str, Parts], str, str | None]:
    """The kept panels' parts, their markup ("" when a live panel is drawn with them on
    every view) and the key they are kept under (None: not kept). Both are kept in
    one entry, so the markup never outlives the parts it was drawn from (their
    `until`)."""

    def compute() -> tuple[dict[str, Parts], str]:
        kept = compute_panels(user)
        if any(panel.live for panel in HOME_PANELS):
            return kept, ""
        return kept, _draw([kept[panel.name] for panel in HOME_PANELS])

    (kept, html), key = navigation.kept(user, "home", compute, until=lambda v: _until(v[0]))
    return kept, html, key


def panels_for(user: _User) -> tuple[list[Parts], str | None]:
    """Each panel's parts, in panel order: kept across requests under the person, the
    date and the versions (`navigation.kept`) and until the first card's `until`,
    except the `live` panels, asked on every view. With the key they are kept under,
    None when any part was not kept (inside a transaction, or a live panel)."""
    kept, _, key = _kept_home(user)
    return _assemble(kept, user, key)


def _assemble(
    kept: dict[str, Parts], user: _User, key: str | None
) -> tuple[list[Parts], str | None]:
    parts: list[Parts] = []
    for panel in HOME_PANELS:
        if panel.live or panel.name not in kept:
            parts.append(_parts(panel, user))
            key = None
        else:
            parts.append(kept[panel.name])
    return parts, key


def panels_html(user: _User) -> SafeString:
    """The page's waiting lines, cards and sections (`home/_panels.html`): kept with
    the panels, so a home seen again renders none of it; drawn on every view when a
    panel is live."""
    kept, html, _ = _kept_home(user)
    if html:
        return mark_safe(html)  # noqa: S308 - a template's output, already escaped
    return mark_safe(_draw(_assemble(kept, user, None)[0]))  # noqa: S308 - the same
