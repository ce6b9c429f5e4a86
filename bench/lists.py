"""The 50-row lists, in process: `python bench/lists.py` (issue 20's list bar).

Requests each list page (the review queue, the request lists page 1 and a deep
page, the people list, the training staff list, the audit log and the API's request
list) through Django's whole stack with the test client, as `make profile` does,
against DATABASE_URL, and prints for each the minimum and median time of ROUNDS
requests (default 15), the number of queries and the share of the time spent
rendering templates (one request under a timer wrapped round `Template.render` of
the page's outermost template).

To compare two trees in one sitting, run it alternately with each on PYTHONPATH
(`PYTHONPATH=/path/to/main python bench/lists.py`), several times (ABAB): the
machine's load moves absolute times more than most changes do. ONLY (a regular
expression) keeps some pages.
"""

from __future__ import annotations

import os
import re
import statistics
import time
import urllib.parse

from in_process import setup

os.environ.setdefault("PODIUM_BENCH", "true")  # the floors: /__bench__/noop and /page
setup()

from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402

from podium.accounts.models import User  # noqa: E402

ADMIN, PREVENT = "admin@example.ac.uk", "prevent.lead@example.ac.uk"
TRAINER = "training@example.ac.uk"


def deep_cursors() -> dict[str, str]:
    """Cursors near the end of each list (as bench/run.py's "last pages")."""
    from podium.audit.models import AuditEntry
    from podium.core.pagination import _cursor
    from podium.events.models import EventRequest

    people = User.objects.order_by("-full_name", "-pk")[60]
    entry = AuditEntry.objects.order_by("sequence")[60]
    oldest = EventRequest.objects.order_by("created_at", "pk")[60]
    return {
        "people": _cursor(people, "full_name"),
        "audit": _cursor(entry, "sequence"),
        "requests": _cursor(oldest, "created_at"),
    }


def pages() -> list[tuple[str, str, str]]:
    deep = {k: urllib.parse.quote(v) for k, v in deep_cursors().items()}
    return [
        # The floors measured in the same run: the no-op view (signed out, the
        # middleware) and the empty signed-in page (session, user, roles, navigation).
        ("No-op view (floor)", "/__bench__/noop", ""),
        ("Empty page, admin (floor)", "/__bench__/page", ADMIN),
        ("Empty page, Prevent lead (floor)", "/__bench__/page", PREVENT),
        ("Review queue", "/events/queue/", PREVENT),
        ("All requests, page 1", "/events/requests/?scope=all", PREVENT),
        ("All requests, deep", f"/events/requests/?scope=all&after={deep['requests']}", PREVENT),
        ("People, page 1", "/accounts/people/", ADMIN),
        ("People, deep", f"/accounts/people/?after={deep['people']}", ADMIN),
        ("Staff list", "/training/staff/", TRAINER),
        ("Audit log, page 1", "/audit/", ADMIN),
        ("Audit log, deep", f"/audit/?after={deep['audit']}", ADMIN),
        ("API requests, scope=all", "/api/v1/event-requests?scope=all", PREVENT),
    ]


class RenderTimer:
    """Time spent in the outermost `Template.render` of a request."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.depth = 0
        self.original = template_base.Template.render

    def __enter__(self) -> RenderTimer:
        timer = self

        def render(template, context):  # type: ignore[no-untyped-def]
            timer.depth += 1
            started = time.perf_counter()
            try:
                return timer.original(template, context)
            finally:
                timer.depth -= 1
                if timer.depth == 0:
                    timer.seconds += time.perf_counter() - started

        template_base.Template.render = render  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        template_base.Template.render = self.original  # type: ignore[method-assign]


def _get(client: Client, path: str) -> int:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}.")
    return len(response.content)


class QueryCounter:
    """Counts the queries run inside it (`connection.execute_wrapper`)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    rounds = int(os.environ.get("ROUNDS", "15"))
    only = re.compile(os.environ.get("ONLY", ""), re.I)
    clients: dict[str, Client] = {}
    for name, path, email in pages():
        if not only.search(name):
            continue
        key = ("api:" if path.startswith("/api/") else "") + email
        if key not in clients:
            user = User.objects.get(email=email) if email else None
            if path.startswith("/api/") and user is not None:
                secret = _token(user)
                clients[key] = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
            else:
                clients[key] = Client(HTTP_HOST="localhost")
                if user is not None:
                    clients[key].force_login(user)
        client = clients[key]
        size = _get(client, path)
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            _get(client, path)
            times.append((time.perf_counter() - started) * 1000)
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            _get(client, path)
        with RenderTimer() as timer:
            started = time.perf_counter()
            _get(client, path)
            whole = time.perf_counter() - started
        print(
            f"{name:26} min {min(times):7.1f} ms  median {statistics.median(times):7.1f} ms  "
            f"{queries.count:2d} queries  "
            f"rendering {timer.seconds / whole:4.0%}  {size / 1024:.0f} KiB",
            flush=True,
        )


def _token(user: User) -> str:
    """A read token for `user`, made for this run (it writes a token and an audit
    entry: never run this against a database others read, e.g. podium_national)."""
    if connection.settings_dict["NAME"] == "podium_national":
        raise SystemExit("Run this on a copy of podium_national: it makes an API token.")
    from datetime import timedelta

    from podium.api import services as api_services

    _, secret = api_services.create_token(
        acting_user=user, user=user, name="bench/lists.py", scope="read", lifetime=timedelta(days=1)
    )
    return str(secret)


if __name__ == "__main__":
    main()
