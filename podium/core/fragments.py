"""Rendered fragments kept by version: a piece of a page (a chart's SVG and its data
table) that is the same for everyone who may see it, drawn once per version of
the figures behind it.

`cached(parts, version, draw)` answers the HTML that `draw()` renders, from this
process's fragment cache (`CACHES["fragments"]`, memory: no query to read it)
when it was drawn before under the same `parts` and `version`. Nothing is ever
invalidated by hand: the version is the figures' own stamp (e.g.
`podium.core.summaries.stamp`), which changes whenever they can have changed, so
an old fragment is simply never asked for again and ages out.

The caller owns the key's meaning, and must put in `parts` everything else the
HTML depends on: the page, the year, today's date where it matters, and above
all **whose scope** the figures are counted over. A `version` of None (figures
counted live, e.g. for a viewer limited to some units, which no stamp covers)
draws every time and keeps nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe

ALIAS = "fragments"
# Kept at most this long (seconds): a version no longer asked for frees its room.
TIMEOUT = 24 * 3600


def key(parts: Sequence[object], version: str) -> str:
    return ":".join(["fragment", *(str(part) for part in parts), version])


def cached(
    parts: Sequence[object],
    version: str | None,
    draw: Callable[[], str],
    *,
    alias: str = ALIAS,
    timeout: int = TIMEOUT,
) -> SafeString:
    """`draw()` (trusted HTML, rendered by a template), or the same drawn before under
    `parts` and `version`, in the cache `alias` (the navigation keeps its own,
    `core.navigation`, so per-person entries never crowd out the dashboards')."""
    if version is None:
        return mark_safe(draw())  # noqa: S308 - a template's output, already escaped
    name = key(parts, version)
    cache = caches[alias]
    html: str | None = cache.get(name)
    if html is None:
        html = draw()
        cache.set(name, html, timeout)
    return mark_safe(html)  # noqa: S308 - a template's output, already escaped


def clear() -> None:
    """Forget every fragment (tests; nothing in Podium needs it: versions move on)."""
    caches[ALIAS].clear()
