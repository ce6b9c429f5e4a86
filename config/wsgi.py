"""WSGI entry point: `gunicorn config.wsgi`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _with_bench_floor(django_app: WSGIApp) -> WSGIApp:
    """In bench mode, answer /__bench__/wsgi with a bare WSGI callable (the floor
    below Django itself) and /__bench__/bare with the no-op view through Django
    without middleware (what Podium's middleware costs is the difference between it
    and /__bench__/noop), served by the same server in the same run."""
    # A handler reads MIDDLEWARE once, when it is made.
    from django.test.utils import override_settings  # bench mode only: not in production

    with override_settings(MIDDLEWARE=[]):
        bare_django = WSGIHandler()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == "/__bench__/wsgi":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        if path == "/__bench__/bare":
            return bare_django(environ, start_response)
        return django_app(environ, start_response)

    return app


if os.environ.get("PODIUM_BENCH", "").lower() in {"1", "true", "yes", "on"}:
    application = _with_bench_floor(application)  # type: ignore[assignment]
