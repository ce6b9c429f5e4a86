"""`make floor`: the per-request floor, in one process, no server.

Calls Django's WSGI handlers directly, in alternating rounds (ROUNDS, default 7, of
REQUESTS, default 1000, each), and prints the least time per request of each:

- "bare": the no-op view (`/__bench__/noop`) through Django without middleware (as
  `config/wsgi.py` serves `/__bench__/bare`);
- "no-op": the same view through Podium's whole middleware stack, anonymous;
- "no-op, signed in": the same, with a signed-in session (AS, default the admin),
  recorded in allauth's session register as a sign-in through the form records it
  (SESSION=bare leaves it out: Django's path, the person read on their own);
- "empty page, signed in": `/__bench__/page`, the base template with nothing in
  it (session, user, roles, navigation, context processors, CSP), signed in;
- each of PAGES (comma-separated paths, e.g. the dashboards), signed in, in the
  same alternating rounds, with its ratio to the anonymous no-op (what `make
  bench` divides by) and to the empty page (the part that is the page's own).

and each one's ratio to the bare handler (issue 20's bar for the no-op: ≥ 0.70).
Against DATABASE_URL (the signed-in rows need a demo person); see
docs/performance.md, "How to measure the floor".
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from typing import Any

# Production settings, django.setup() and plain static storage, as `make profile`.
os.environ.setdefault("PODIUM_BENCH", "true")
import profile_page  # noqa: F401
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client
from django.test.utils import override_settings
from django.urls import Resolver404, resolve

from podium.accounts.models import User

Handler = Callable[[dict[str, Any], Callable[..., Any]], Any]


def environ(path: str, cookie: str = "") -> dict[str, Any]:
    path, _, query = path.partition("?")
    env: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def call(handler: Handler, path: str, cookie: str) -> None:
    status: list[str] = []
    body = handler(environ(path, cookie), lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    if hasattr(body, "close"):
        body.close()
    if not status[0].startswith("200"):
        raise SystemExit(f"{path} answered {status[0]}.")


def main() -> None:
    rounds = int(os.environ.get("ROUNDS", "7"))
    requests = int(os.environ.get("REQUESTS", "1000"))
    email = os.environ.get("AS") or "admin@example.ac.uk"
    with override_settings(MIDDLEWARE=[]):
        bare = WSGIHandler()
    full = WSGIHandler()
    client = Client(HTTP_HOST="localhost")
    person = User.objects.get(email=email)
    client.force_login(person)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Signing in through the form records the session in allauth's register, which
    # the session store reads the person's row through (podium/accounts/sessions.py);
    # force_login does not, so record it here (SESSION=bare leaves it out).
    if os.environ.get("SESSION") != "bare":
        UserSession.objects.get_or_create(
            session_key=session_key, defaults={"user": person, "ip": "127.0.0.1"}
        )
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    cases: list[tuple[str, Handler, str, str]] = [
        ("bare Django no-op", bare, "/__bench__/noop", ""),
        ("Podium no-op, anonymous", full, "/__bench__/noop", ""),
        ("Podium no-op, signed in", full, "/__bench__/noop", cookie),
    ]
    try:
        resolve("/__bench__/page")
        cases.append(("empty page, signed in", full, "/__bench__/page", cookie))
    except Resolver404:
        print("(no /__bench__/page on this branch: the empty page is left out)")
    pages = [p for p in os.environ.get("PAGES", "").split(",") if p]
    cases += [(page, full, page, cookie) for page in pages]
    best = {name: float("inf") for name, *_ in cases}
    cpu = {name: float("inf") for name, *_ in cases}
    for _name, handler, path, cookie_ in cases:  # warm up
        for _ in range(50):
            call(handler, path, cookie_)
    for _ in range(rounds):
        for name, handler, path, cookie_ in cases:
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(requests):
                call(handler, path, cookie_)
            best[name] = min(best[name], (time.perf_counter() - started) / requests)
            cpu[name] = min(cpu[name], (time.process_time() - started_cpu) / requests)
    floor = best["bare Django no-op"]
    print(
        f"{rounds} rounds of {requests} requests, least time per request "
        "(wall; this process's CPU in brackets):"
    )
    noop, empty = best["Podium no-op, anonymous"], best.get("empty page, signed in")
    for name, seconds in best.items():
        line = (
            f"  {name:28} {seconds * 1e6:8.0f} µs ({cpu[name] * 1e6:6.0f} CPU)"
            f"   {floor / seconds:5.2f}× bare"
        )
        if name in pages:
            line += f"   {noop / seconds:6.3f}× no-op"
            if empty:
                line += (
                    f"   {empty / seconds:5.2f}× empty page (own {(seconds - empty) * 1e3:.1f} ms)"
                )
        print(line)


if __name__ == "__main__":
    main()
