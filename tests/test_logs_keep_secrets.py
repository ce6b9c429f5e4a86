"""Secrets that travel in URLs never reach the logs (issue 13, item 11): gunicorn's
access log (config/accesslog.py) and Django's request warnings drop query strings,
the secret in calendar-feed, acknowledgement and password-reset links, and
credential headers."""

from __future__ import annotations

import datetime as dt
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.util import load_class

from config.accesslog import ScrubbingLogger
from podium.core.logscrub import ScrubSecretsFilter

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cr3t-Zq9xVw"


def secret_urls() -> list[str]:
    return [
        reverse("events:calendar-feed", args=[SECRET]),
        reverse("speakers:acknowledge", args=[SECRET]),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "1z", "key": SECRET}),
        f"/accounts/password/reset/?email={SECRET}",
        f"/events/?q={SECRET}&page=2",
    ]


def access_line(path: str, *, referer: str = "-", headers: dict[str, str] | None = None) -> str:
    cfg = Config()
    cfg.set("accesslog", "-")
    # The format shows the request line, the path, the query, the referrer, a
    # response header and the request's Authorization header.
    cfg.set(
        "access_log_format",
        '%(h)s "%(r)s" %(U)s %(q)s "%(f)s" %({location}o)s %({authorization}i)s '
        "%({query_string}e)s %({raw_uri}e)s",
    )
    logger = ScrubbingLogger(cfg)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger.access_log.addHandler(Keep())
    uri_path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": uri_path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "test",
    }
    request = SimpleNamespace(headers=list((headers or {}).items()))
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", path)])
    logger.access(response, request, environ, dt.timedelta(milliseconds=3))
    [line] = records
    return line


@pytest.mark.parametrize("path", secret_urls())
def test_the_access_log_never_holds_a_secret_from_a_url(path):
    line = access_line(
        path, referer=f"https://podium.example.ac.uk{path}", headers={"Authorization": SECRET}
    )
    assert SECRET not in line
    assert "[redacted]" in line


def test_the_access_log_still_says_which_page_was_asked_for():
    line = access_line("/events/requests/7/")
    assert '"GET /events/requests/7/ HTTP/1.1"' in line
    feed = access_line(reverse("events:calendar-feed", args=[SECRET]))
    assert "/events/calendar/feed/[redacted].ics" in feed
    assert "/accounts/password/reset/key/done/" in access_line("/accounts/password/reset/key/done/")


def test_gunicorn_is_configured_with_the_scrubbing_logger():
    config = runpy.run_path(str(ROOT / "config/gunicorn.py"))
    assert load_class(config["logger_class"]) is ScrubbingLogger


def test_django_request_warnings_do_not_name_the_secret():
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, ScrubSecretsFilter) for f in handler.filters)
    ]
    assert handlers, "the console handler has no ScrubSecretsFilter"
    for path in secret_urls():
        record = logging.LogRecord(
            "django.request", logging.WARNING, "", 0, "Not Found: %s", (path,), None
        )
        assert all(f.filter(record) for f in handlers[0].filters)
        assert SECRET not in record.getMessage()
