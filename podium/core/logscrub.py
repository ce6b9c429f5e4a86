"""Keeping secrets that travel in URLs out of logs.

Some links carry a bearer secret in the path: a calendar feed's key, a speaker's
acknowledgement token, a password-reset key. Query strings may carry anything. The
web server's access log (`config/gunicorn.py`) and Django's request warnings
("Not Found: /…") pass through `scrub_url`, so they show which page was asked for
but never the secret. One list, here, of the paths that carry one; a test checks
each against a real URL."""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# (pattern, replacement): each matches the secret part of one kind of link.
SECRET_PATHS: tuple[tuple[re.Pattern[str], str], ...] = (
    # /events/calendar/feed/<key>.ics
    (re.compile(r"(/calendar/feed/)[^/?#\s\"]+(\.ics)"), rf"\g<1>{REDACTED}\g<2>"),
    # /events/…/acknowledge/<token>/
    (re.compile(r"(/acknowledge/)[^/?#\s\"]+"), rf"\g<1>{REDACTED}"),
    # /accounts/password/reset/key/<uidb36>-<key>/ (but not …/key/done/)
    (re.compile(r"(/password/reset/key/)(?!done/)[^/?#\s\"]+"), rf"\g<1>{REDACTED}"),
)
QUERY = re.compile(r"\?[^\s\"#]*")


def scrub_url(value: str) -> str:
    """A URL, path or request line with its query string and any secret path
    segment replaced by "[redacted]"."""
    value = QUERY.sub(f"?{REDACTED}", value)
    for pattern, replacement in SECRET_PATHS:
        value = pattern.sub(replacement, value)
    return value


class ScrubSecretsFilter(logging.Filter):
    """A logging filter for Django's request loggers ("Not Found: <path>")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub_url(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(scrub_url(a) if isinstance(a, str) else a for a in record.args)
        return True
