"""What an operator sees on the console and in the browser's tab: a refusal is one
line, not a traceback, and every page names its icon."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

from podium.core.logging import RefusalsOnOneLine


def _record_for(status: int, exc: BaseException) -> logging.LogRecord:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("django.request")
    handler = Keep()
    logger.addHandler(handler)
    try:
        try:
            raise exc
        except type(exc):
            log_response(
                "Refused",
                response=HttpResponse(status=status),
                request=RequestFactory().get("/x/"),
                exception=exc,
            )
    finally:
        logger.removeHandler(handler)
    return records[-1]


def test_a_refusal_is_logged_on_one_line_without_its_traceback() -> None:
    record = _record_for(403, PermissionDenied())
    assert record.status_code == 403
    assert record.exc_info is None
    assert "Traceback" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback() -> None:
    record = _record_for(500, RuntimeError("boom"))
    assert record.exc_info is not None
    assert "Traceback" in logging.Formatter().format(record)


def test_the_filter_is_what_settings_install() -> None:
    from django.conf import settings

    loggers = settings.LOGGING["loggers"]
    assert isinstance(loggers, dict)
    assert loggers["django.request"]["filters"] == ["refusals_on_one_line"]
    assert RefusalsOnOneLine().filter(logging.makeLogRecord({"status_code": 404}))


@pytest.mark.django_db
def test_pages_name_their_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/accounts/sign-in/")
    assert b'rel="icon"' in page.content
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301
    assert icon["Location"].endswith(".svg")
    assert client.head("/favicon.ico").status_code == 301
