"""`make bench`'s floors (config/wsgi.py): the bare WSGI callable, and the no-op view
through Django without middleware, against which Podium's middleware is measured."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import path

from config.wsgi import _with_bench_floor


def _no_middleware_ran(request: HttpRequest) -> HttpResponse:
    # The session and authentication middleware would have set these.
    ran = hasattr(request, "session") or hasattr(request, "user")
    return HttpResponse(b"middleware" if ran else b"bare", content_type="text/plain")


urlpatterns = [path("__bench__/bare", _no_middleware_ran)]


def _get(app: Any, path_info: str) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path_info,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    status: list[str] = []
    body = b"".join(app(environ, lambda s, headers, exc_info=None: status.append(s)))
    return status[0], body


# A Django handler closes stale database connections as each request starts.
@pytest.mark.django_db
def test_the_bare_floors_answer_without_podium() -> None:
    def podium(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("500 Internal Server Error", [])
        return [b"podium"]

    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"]):
        app = _with_bench_floor(podium)
        assert _get(app, "/__bench__/wsgi") == ("200 OK", b"ok")
        assert _get(app, "/__bench__/bare") == ("200 OK", b"bare")
        assert _get(app, "/__bench__/noop")[1] == b"podium"
