"""`make bench`: Podium's pages against two floors, on one server, in one run.

1. Seeds a database (`podium demo`, then `podium seed --scale BENCH_SCALE`) under
   var/bench/, or uses DATABASE_URL when set. Seeding is skipped when a previous
   run left the same scale.
2. Serves it with gunicorn and production settings (DEBUG off), with PODIUM_BENCH on,
   which mounts a Django no-op view and a bare WSGI callable.
3. Drives a fixed-concurrency load at each target with wrk (Debian's `wrk`) when
   present, else a Python load generator, and prints req/s, p50, p95, non-2xx,
   each page's ratio to Podium's no-op view and to the bare Django no-op (no
   middleware), and PASS/FAIL against issue 20's bars (HOME, DETAIL, ... below).
   BENCH_ONLY (a regular expression over the targets' names) loads only those
   targets, and the floors, and skips the timings that follow the table (the
   completions import, which writes, the retention run and the subject access
   search), so a run restricted to some pages leaves a shared database as it was;
   BENCH_PAGES_ONLY=true does the same for a run of every page.
   BENCH_ALTERNATE=true loads the no-op view again before each page and takes the
   page's ratio (and its verdict) against that neighbour (printed as "no-op beside"):
   on a loaded machine the floor moves within a run.

Training: `podium seed --staff BENCH_STAFF` (default 100000) adds staff with ten
years of completions; the training pages are loaded like the others, and then one
completions import of BENCH_IMPORT_ROWS rows (default 100000) is timed end to end
(`bench/training_import.py`) and reported in rows per second.

Environment: BENCH_SCALE (people to seed, default 20000), BENCH_SECONDS (per
target, default 10), BENCH_CONCURRENCY (default 8), BENCH_PORT (default 8765),
BENCH_WORKERS (gunicorn workers, default 2), BENCH_SPEAKERS (speakers to seed in
the speaker register, default 0: the demo's only; the issue's figure is 500000),
BENCH_YEARS (academic years of event requests, default 10: `podium seed --years`;
each year has 0.425 requests a person, so the yearly pages see the same volume
whatever the number of years), BENCH_CONCERN_CASES (Prevent concern cases over ten
years, default 20000),
BENCH_DISCLOSURES (disclosures to seed in the sharing log, default 100000; the sharing
log's first and deep pages are loaded as the DPO).

Dashboards: the five Prevent dashboards for this academic year, as the Prevent
lead, over the seeded requests and staff.

Privacy: the DPO's pages are loaded like the others; then the retention schedule
runs over the seeded years (`bench/privacy_retention.py`: a dry run and the real
run, rolled back) and reports rows per second and peak memory.

Governance: `podium seed --governance-actions BENCH_GOVERNANCE_ACTIONS` (default
5000); the risk assessment and the action plan as the Prevent lead, complaints and
the code of practice as the free-speech officer.

Research: `podium seed --research-registrations BENCH_RESEARCH` (default 50000); the
register's list (first and deep pages) as the research governance officer, and the
rapid-response lookup (a POST with its reason, by a misspelt name and by number) as
the head of security. Each lookup is written to the lookup log and the audit log,
as in production; POSTs always use the Python load generator.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR = ROOT / "var" / "bench"
SCALE = int(os.environ.get("BENCH_SCALE", "20000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
STAFF = int(os.environ.get("BENCH_STAFF", "100000"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
SPEAKERS = int(os.environ.get("BENCH_SPEAKERS", "0"))
CONCERN_CASES = int(os.environ.get("BENCH_CONCERN_CASES", "20000"))
DISCLOSURES = int(os.environ.get("BENCH_DISCLOSURES", "100000"))
RESEARCH = int(os.environ.get("BENCH_RESEARCH", "50000"))
GOVERNANCE_ACTIONS = int(os.environ.get("BENCH_GOVERNANCE_ACTIONS", "5000"))
EXCHANGE_MESSAGES = int(os.environ.get("BENCH_EXCHANGE_MESSAGES", "20000"))
PASSWORD = "bench-password-not-secret"  # noqa: S105 - the throwaway bench database


# Issue 20's bars (ratios to Podium's no-op view in the same run), by kind of page.
# Every page also has P95_BAR_MS at BENCH_CONCURRENCY connections, and Podium's
# no-op must reach NOOP_BAR of the bare Django no-op (the middleware's cost).
HOME, DETAIL, LIST, DASHBOARD, SEARCH = 0.25, 0.15, 0.10, 0.08, 0.08
P95_BAR_MS = 100.0
NOOP_BAR = 0.70
# A regular expression: only the targets whose name it matches are loaded (the
# floors always are), e.g. BENCH_ONLY='Concerns|Speaker'.
ONLY = re.compile(os.environ.get("BENCH_ONLY", ""), re.IGNORECASE)
# BENCH_ALTERNATE=true: load Podium's no-op view again just before each page and take
# the page's ratio against that figure, so a loaded machine's swings between the
# start of the run and a page's turn do not move the ratio.
ALTERNATE = os.environ.get("BENCH_ALTERNATE", "").lower() in {"1", "true", "yes"}
# Only the pages: no completions import, retention run or subject access search
# after them (the import writes; use this against a database others read).
PAGES_ONLY = os.environ.get("BENCH_PAGES_ONLY", "").lower() in {"1", "true", "yes"}


@dataclass
class Target:
    name: str
    path: str
    signed_in: bool = False
    # Who is signed in (a demo persona's address): the admin unless the page is
    # someone else's (a Prevent lead's queue, an organiser's list).
    email: str = "admin@example.ac.uk"
    # A page whose template is not on this branch yet is skipped, with a notice.
    template: str = ""
    # A form POST (the research lookup): its fields, sent with a CSRF token.
    form: dict[str, str] | None = None
    # Issue 20's bar for this kind of page: the least ratio to Podium's no-op view
    # (BARS); None for the floors and for pages no bar names.
    bar: float | None = None


@dataclass
class Result:
    target: Target
    requests: int
    non_2xx: int
    seconds: float
    p50_ms: float
    p95_ms: float
    # With BENCH_ALTERNATE: Podium's no-op view's req/s measured just before this
    # target, which its ratio is then taken against (0: the run's one no-op figure).
    beside: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def bench_env() -> dict[str, str]:
    VAR.mkdir(parents=True, exist_ok=True)
    key_file = VAR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY_FILE": str(key_file),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PODIUM_HTTPS": "false",
        "PODIUM_BENCH": "true",
        "PODIUM_VAR_DIR": str(VAR),
        "PODIUM_ACCESS_LOG": "",
        "WEB_CONCURRENCY": WORKERS,
        "PORT": str(PORT),
        "LOG_LEVEL": "WARNING",
    }


def podium(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "podium"), *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return result.stdout


def django_output(env: dict[str, str], *args: str) -> str:
    """Run Python (`-c CODE` or a script) with the project's settings; its stdout."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def seed(env: dict[str, str]) -> None:
    marker = VAR / "seeded.json"
    wanted = {
        "scale": SCALE,
        "staff": STAFF,
        "years": YEARS,
        "speakers": SPEAKERS,
        "concern_cases": CONCERN_CASES,
        "disclosures": DISCLOSURES,
        "research": RESEARCH,
        "governance_actions": GOVERNANCE_ACTIONS,
        "exchange_messages": EXCHANGE_MESSAGES,
        "database": env.get("DATABASE_URL", "sqlite"),
    }
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        print(f"Using the data seeded earlier ({SCALE} people).")
        return
    if marker.exists() and env.get("DATABASE_URL") and os.environ.get("BENCH_RESEED") != "true":
        # A database seeded with other settings (a shared one, say): seeding again
        # would run `podium demo` and the seed on top of it. Say which settings differ.
        seeded = json.loads(marker.read_text())
        differ = ", ".join(
            f"{k} {wanted.get(k)} (seeded {seeded.get(k)})"
            for k in sorted({*wanted, *seeded})
            if wanted.get(k) != seeded.get(k)
        )
        raise SystemExit(
            f"{env['DATABASE_URL']} was seeded with other settings: {differ}. Set the "
            "BENCH_* variables to match var/bench/seeded.json, or BENCH_RESEED=true to "
            "seed it again (never on a shared database)."
        )
    if not env.get("DATABASE_URL"):
        for leftover in VAR.glob("podium.sqlite3*"):
            leftover.unlink()
    print(f"Seeding: migrate, demo, {SCALE} people, {STAFF} staff ...", flush=True)
    started = time.monotonic()
    podium(env, "migrate", "--noinput", "-v0")
    podium(env, "demo", "--password", PASSWORD)
    podium(
        env,
        "seed",
        "--scale",
        str(SCALE),
        "--staff",
        str(STAFF),
        "--years",
        str(YEARS),
        "--speakers",
        str(SPEAKERS),
        "--concern-cases",
        str(CONCERN_CASES),
        "--disclosures",
        str(DISCLOSURES),
        "--research-registrations",
        str(RESEARCH),
        "--governance-actions",
        str(GOVERNANCE_ACTIONS),
        "--exchange-messages",
        str(EXCHANGE_MESSAGES),
    )
    marker.write_text(json.dumps(wanted))
    print(f"Seeded in {time.monotonic() - started:.0f}s.")


def deep_cursors(env: dict[str, str]) -> tuple[str, str]:
    """Cursors near the end of the people list and the audit log, to show a deep
    page costs what page 1 does."""
    code = (
        "import django; django.setup();"
        "from podium.accounts.models import User; from podium.audit.models import AuditEntry;"
        "from podium.core.pagination import _cursor;"
        "u = User.objects.order_by('-full_name', '-pk')[60]; print(_cursor(u, 'full_name'));"
        "a = AuditEntry.objects.order_by('sequence')[60]; print(_cursor(a, 'sequence'))"
    )
    out = django_output(env, "-c", code)
    people, audit = out.split()
    return people, audit


def start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    podium(env, "collectstatic", "--noinput", "-v0")
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "--config", "config/gunicorn.py", "config.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            conn.request("GET", "/__bench__/wsgi")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("The bench server did not start.")


def sign_in(email: str = "admin@example.ac.uk") -> str:
    """Sign in as a demo person over HTTP; return the Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    conn.request("GET", "/accounts/sign-in/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"podium-csrf=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not (csrf_cookie and token):
        raise SystemExit("Could not read the sign-in form.")
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "login": email,
            "password": PASSWORD,
        }
    )
    conn.request(
        "POST",
        "/accounts/sign-in/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"podium-csrf={csrf_cookie.group(1)}",
            "Referer": f"http://127.0.0.1:{PORT}/accounts/sign-in/",
        },
    )
    response = conn.getresponse()
    response.read()
    session = re.search(r"podium-session=([^;]+)", response.getheader("Set-Cookie") or "")
    if response.status != 302 or not session:
        raise SystemExit(f"Signing in failed ({response.status}).")
    return f"podium-session={session.group(1)}"


WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  io.write(string.format("BENCH %d %d %f %f %f\\n", summary.requests, bad,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3))
end
"""


def training_targets() -> list[Target]:
    trainer = "training@example.ac.uk"
    return [
        Target("Training dashboard", "/training/", signed_in=True, email=trainer, bar=DASHBOARD),
        Target(
            "Training: overdue people",
            "/training/status/?status=overdue",
            signed_in=True,
            email=trainer,
            bar=LIST,
        ),
        Target("Training: staff list", "/training/staff/", signed_in=True, email=trainer, bar=LIST),
        Target(
            "Training: yearly counts",
            "/training/returns/",
            signed_in=True,
            email=trainer,
            bar=DASHBOARD,
        ),
    ]


def dashboard_targets() -> list[Target]:
    """The Prevent dashboards for this academic year, as the Prevent lead (the whole
    institution: every seeded request and every staff member's training)."""
    lead = "prevent.lead@example.ac.uk"
    # Issue 19 asks each dashboard for 0.15 of the no-op, above issue 20's DASHBOARD.
    dashboards = [
        Target(
            f"Dashboard: {slug}",
            f"/reports/dashboards/{slug}/",
            signed_in=True,
            email=lead,
            bar=DETAIL,
        )
        for slug in ("requests", "notice", "turnaround", "appeals", "training")
    ]
    # The regulator's return for the last whole academic year (1 August to 31 July),
    # and for this year so far. Issue 19 asks ≤ 1 s for one return (p50 and p95
    # below); the ratio is held to issue 20's bar for yearly counts.
    today = time.localtime()
    last_year = today.tm_year - (2 if today.tm_mon < 8 else 1)
    returns = [
        Target(
            f"Return, {label}",
            f"/reports/return/?year={year}",
            signed_in=True,
            email=lead,
            bar=DASHBOARD,
        )
        for label, year in (("last academic year", last_year), ("this year", last_year + 1))
    ]
    # The requests behind one of the return's numbers (keyset-paged): the most
    # common bucket, and one with a handful of requests among the year's 42,500.
    returns += [
        Target(
            f"Return: requests behind a number, {label}",
            f"/events/requests/?year={last_year}&bucket={bucket}",
            signed_in=True,
            email=lead,
            bar=LIST,
        )
        for label, bucket in (("approved", "approved"), ("rejected, Prevent", "rejected_prevent"))
    ]
    return [*dashboards, *returns]


def concern_targets() -> list[Target]:
    """The case list and the yearly counts at BENCH_CONCERN_CASES cases over ten
    years, as the Prevent lead (a case role: whole counts, no suppression)."""
    lead = "prevent.lead@example.ac.uk"
    return [
        Target(
            "Concerns: case list, all",
            "/concerns/cases/?show=all",
            signed_in=True,
            email=lead,
            bar=LIST,
        ),
        Target(
            "Concerns: case list, open", "/concerns/cases/", signed_in=True, email=lead, bar=LIST
        ),
        Target(
            "Concerns: yearly counts",
            "/concerns/counts/",
            signed_in=True,
            email=lead,
            bar=DASHBOARD,
        ),
    ]


def sharing_targets(env: dict[str, str]) -> list[Target]:
    """The sharing log at BENCH_DISCLOSURES rows, as the DPO: page 1, a filtered page
    and a deep page (keyset: it costs what page 1 does)."""
    dpo = "dpo@example.ac.uk"
    code = (
        "import django; django.setup();"
        "from podium.sharing.models import Disclosure;"
        "from podium.core.pagination import _cursor;"
        "d = Disclosure.objects.order_by('created_at', 'pk')[60]; print(_cursor(d, 'created_at'))"
    )
    deep = django_output(env, "-c", code).strip()
    return [
        Target("Sharing log, page 1", "/sharing/", signed_in=True, email=dpo, bar=LIST),
        Target(
            "Sharing log, sent only", "/sharing/?state=sent", signed_in=True, email=dpo, bar=LIST
        ),
        Target(
            "Sharing log, oldest pages",
            "/sharing/?after=" + urllib.parse.quote(deep),
            signed_in=True,
            email=dpo,
            bar=LIST,
        ),
    ]


def governance_targets() -> list[Target]:
    """The Prevent risk assessment and its action plan at BENCH_GOVERNANCE_ACTIONS
    actions, as the Prevent lead; complaints and the code of practice as the
    free-speech officer."""
    lead = "prevent.lead@example.ac.uk"
    officer = "free.speech@example.ac.uk"
    return [
        Target(
            "Governance: risk assessment",
            "/governance/risk-assessment/",
            signed_in=True,
            email=lead,
            bar=DETAIL,
        ),
        Target(
            "Governance: action plan", "/governance/actions/", signed_in=True, email=lead, bar=LIST
        ),
        Target(
            "Governance: complaints",
            "/governance/complaints/",
            signed_in=True,
            email=officer,
            bar=LIST,
        ),
        Target(
            "Governance: code of practice",
            "/governance/code-of-practice/",
            signed_in=True,
            email=officer,
            bar=DETAIL,
        ),
    ]


def exchange_targets(env: dict[str, str]) -> list[Target]:
    """The exchange's lists at BENCH_EXCHANGE_MESSAGES messages, as the administrator
    (who keeps the peers): the messages' first page, a deep page (keyset: it costs
    what page 1 does), the undelivered filter, and the peers."""
    code = (
        "import django; django.setup();"
        "from podium.exchange.models import Message;"
        "from podium.core.pagination import _cursor;"
        "m = Message.objects.order_by('created_at', 'pk')[60]; print(_cursor(m, 'created_at'))"
    )
    deep = django_output(env, "-c", code).strip()
    return [
        Target("Exchange: messages, page 1", "/exchange/messages/", signed_in=True, bar=LIST),
        Target(
            "Exchange: messages, deep",
            "/exchange/messages/?after=" + urllib.parse.quote(deep),
            signed_in=True,
            bar=LIST,
        ),
        Target(
            "Exchange: undelivered",
            "/exchange/messages/?state=undelivered",
            signed_in=True,
            bar=LIST,
        ),
        Target("Exchange: peers", "/exchange/peers/", signed_in=True, bar=LIST),
    ]


def time_training_import(env: dict[str, str]) -> dict[str, float]:
    out = django_output(env, str(ROOT / "bench" / "training_import.py"))
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def privacy_targets() -> list[Target]:
    dpo = "dpo@example.ac.uk"
    return [
        Target(
            "Privacy: retention schedule",
            "/privacy/retention/",
            signed_in=True,
            email=dpo,
            bar=DASHBOARD,
        ),
        Target("Privacy: runs", "/privacy/runs/", signed_in=True, email=dpo, bar=LIST),
        Target("Privacy: breaches", "/privacy/breaches/", signed_in=True, email=dpo, bar=LIST),
        Target("Privacy: legal holds", "/privacy/holds/", signed_in=True, email=dpo, bar=LIST),
        Target(
            "Subject access: request log",
            "/subject-access/",
            signed_in=True,
            email=dpo,
            bar=LIST,
        ),
        Target(
            "Privacy: record of processing",
            "/privacy/record-of-processing/",
            signed_in=True,
            email=dpo,
            bar=DASHBOARD,
        ),
    ]


def time_retention(env: dict[str, str]) -> dict[str, float]:
    out = django_output(env, str(ROOT / "bench" / "privacy_retention.py"))
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def event_paths(env: dict[str, str]) -> tuple[str, int]:
    """A request of the demo organiser's (for its page), and how many they have."""
    code = (
        "import django; django.setup();"
        "from podium.events.models import EventRequest;"
        "mine = EventRequest.objects.filter(organiser__email='organiser@example.ac.uk');"
        "print(mine.order_by('-created_at', '-pk').first().pk, mine.count())"
    )
    out = django_output(env, "-c", code)
    pk, count = out.split()
    return f"/events/requests/{pk}/", int(count)


def heavy_request_path(env: dict[str, str]) -> str:
    """A request waiting for review with the longest history among up to 5,000 that
    wait (issue 20: such a page costs ~5× the light request above)."""
    code = (
        "import django; django.setup();"
        "from django.db.models import Count;"
        "from podium.audit.models import AuditEntry;"
        "from podium.events.models import EventRequest;"
        "waiting = EventRequest.objects.filter(status__in=('in_review', 'information_requested'))"
        ".order_by('pk').values_list('pk', flat=True)[:5000];"
        "best = AuditEntry.objects.filter(target_type='events.eventrequest',"
        " target_id__in=[str(pk) for pk in waiting]).values('target_id')"
        ".annotate(n=Count('pk')).order_by('-n', 'target_id').first();"
        "print(best['target_id'] if best else waiting[0])"
    )
    return f"/events/requests/{django_output(env, '-c', code).strip()}/"


def oldest_requests_cursor(env: dict[str, str]) -> str:
    """A cursor near the end of every request, newest first: the list's last pages."""
    code = (
        "import django; django.setup();"
        "from podium.core.pagination import _cursor;"
        "from podium.events.models import EventRequest;"
        "r = EventRequest.objects.order_by('created_at', 'pk')[60];"
        "print(_cursor(r, 'created_at'))"
    )
    return django_output(env, "-c", code).strip()


def event_targets(env: dict[str, str]) -> list[Target]:
    detail, _ = event_paths(env)
    heavy = heavy_request_path(env)
    oldest = urllib.parse.quote(oldest_requests_cursor(env))
    prevent, organiser = "prevent.lead@example.ac.uk", "organiser@example.ac.uk"
    return [
        Target(
            "Review queue (Prevent lead)",
            "/events/queue/",
            signed_in=True,
            email=prevent,
            template="queue.html",
            bar=LIST,
        ),
        Target(
            "Organiser's requests",
            "/events/requests/",
            signed_in=True,
            email=organiser,
            template="request_list.html",
            bar=LIST,
        ),
        Target(
            "All requests, page 1",
            "/events/requests/?scope=all",
            signed_in=True,
            email=prevent,
            template="request_list.html",
            bar=LIST,
        ),
        Target(
            "All requests, last pages",
            f"/events/requests/?scope=all&after={oldest}",
            signed_in=True,
            email=prevent,
            template="request_list.html",
            bar=LIST,
        ),
        Target(
            "Request page",
            detail,
            signed_in=True,
            email=prevent,
            template="request_detail.html",
            bar=DETAIL,
        ),
        Target(
            "Request page, queued (heavy)",
            heavy,
            signed_in=True,
            email=prevent,
            template="request_detail.html",
            bar=DETAIL,
        ),
        Target("Events calendar, 4 weeks", "/events/calendar/", signed_in=True, bar=DASHBOARD),
    ]


def speaker_targets(env: dict[str, str]) -> list[Target]:
    """The speaker register: a name search (closest of every name in the register)
    and the demo's recurring speaker's page, as the Prevent lead."""
    code = (
        "import django; django.setup();"
        "from django.db.models import Count;"
        "from podium.events.models import EventSpeaker;"
        "from podium.speakers.models import Speaker;"
        "print(Speaker.objects.filter(name='Muhammad al-Hasan').values_list('pk', flat=True)[0]);"
        "busiest = EventSpeaker.objects.exclude(speaker=None).values('speaker_id')"
        ".annotate(n=Count('pk')).order_by('-n', 'speaker_id').first();"
        "print(busiest['speaker_id'] if busiest else '')"
    )
    out, busiest = [*django_output(env, "-c", code).split(), ""][:2]
    prevent = "prevent.lead@example.ac.uk"
    return [
        Target(
            "Speaker search",
            "/speakers/?q=Mohamed+Al+Hassan",
            signed_in=True,
            email=prevent,
            bar=SEARCH,
        ),
        # A misspelling close to nothing in the register: its own target (issue 20).
        Target(
            "Speaker search, misspelt",
            "/speakers/?q=Muhamad+Hasn",
            signed_in=True,
            email=prevent,
            bar=SEARCH,
        ),
        Target(
            "Speaker page", f"/speakers/{out.strip()}/", signed_in=True, email=prevent, bar=DETAIL
        ),
        # The speaker on the most requests (issue 20: 22,654 of them once took 64 s).
        *(
            [
                Target(
                    "Speaker page, busiest",
                    f"/speakers/{busiest}/",
                    signed_in=True,
                    email=prevent,
                    bar=DETAIL,
                )
            ]
            if busiest
            else []
        ),
    ]


def research_targets(env: dict[str, str]) -> list[Target]:
    """The research register's list (page 1 and a deep page) and the lookup."""
    code = (
        "import django; django.setup();"
        "from podium.research.models import Registration;"
        "from podium.core.pagination import _cursor;"
        "r = Registration.objects.order_by('-created_at', '-pk')[min(40000, "
        "Registration.objects.count() - 60)]; print(_cursor(r, 'created_at'))"
    )
    deep = django_output(env, "-c", code).strip()
    governance = "research@example.ac.uk"
    security = "security@example.ac.uk"
    reason = "Bench: the police asked whether this person's research is registered."
    return [
        Target(
            "Research register, page 1", "/research/", signed_in=True, email=governance, bar=LIST
        ),
        Target(
            "Research register, deep",
            "/research/?after=" + urllib.parse.quote(deep),
            signed_in=True,
            email=governance,
            bar=LIST,
        ),
        Target(
            "Research lookup, name",
            "/research/lookup/",
            signed_in=True,
            email=security,
            form={"query": "Kam Okafor", "purpose": "police", "reason": reason},
            bar=SEARCH,
        ),
        Target(
            "Research lookup, number",
            "/research/lookup/",
            signed_in=True,
            email=security,
            form={"query": "20231187", "purpose": "police", "reason": reason},
            bar=SEARCH,
        ),
    ]


def form_post(target: Target, cookie: str) -> tuple[dict[str, str], str]:
    """Headers and body for a form POST: a CSRF token read from the form's page."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    conn.request("GET", target.path, headers={"Cookie": cookie})
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"podium-csrf=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not (csrf_cookie and token):
        raise SystemExit(f"Could not read the form at {target.path}.")
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **(target.form or {})})
    headers = {
        "Cookie": f"{cookie}; podium-csrf={csrf_cookie.group(1)}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{PORT}{target.path}",
    }
    return headers, body


def has_template(target: Target) -> bool:
    if not target.template:
        return True
    return (ROOT / "podium" / "events" / "templates" / "events" / target.template).exists()


def load_with_wrk(target: Target, cookie: str, script: str) -> Result:
    args = ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{int(SECONDS)}s", "-s", script]
    if target.signed_in:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # noqa: S603
        [*args, f"http://127.0.0.1:{PORT}{target.path}"], check=True, capture_output=True, text=True
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    requests, bad, seconds, p50, p95 = line.split()[1:]
    return Result(target, int(requests), int(bad), float(seconds), float(p50), float(p95))


def load_with_python(target: Target, cookie: str) -> Result:
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS
    headers = {"Cookie": cookie} if target.signed_in else {}
    method, body = "GET", None
    if target.form is not None:
        headers, body = form_post(target, cookie)
        method = "POST"

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        mine: list[float] = []
        my_bad = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            conn.request(method, target.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            my_bad += not 200 <= response.status < 300
        with lock:
            latencies.extend(mine)
            bad[0] += my_bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(target, len(latencies), bad[0], elapsed, cuts[49], cuts[94])


def verdict(result: Result, noop: float, bare: float) -> str:
    """PASS or FAIL against the target's bars, with the reason; "" without a bar."""
    if result.target.path == "/__bench__/noop":
        ratio, bar = (result.rps / bare if bare else 0.0), NOOP_BAR
    elif result.target.bar is not None:
        noop = result.beside or noop
        ratio, bar = (result.rps / noop if noop else 0.0), result.target.bar
    else:
        return ""
    misses = []
    if ratio < bar:
        misses.append(f"{ratio:.2f} < {bar:.2f}")
    if result.p95_ms > P95_BAR_MS:
        misses.append(f"p95 > {P95_BAR_MS:.0f} ms")
    return "FAIL " + ", ".join(misses) if misses else f"PASS (bar {bar:.2f})"


def report(results: list[Result]) -> None:
    """The table: each target's ratio to Podium's no-op and to the bare Django no-op,
    and whether it meets issue 20's bars (docs/performance.md, "Bars")."""
    by_path = {r.target.path: r.rps for r in results}
    noop, bare = by_path.get("/__bench__/noop", 0.0), by_path.get("/__bench__/bare", 0.0)
    print(
        f"{'Target':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'non-2xx':>7} "
        f"{'x no-op':>8} {'x bare':>7}  bars (x no-op; p95 <= {P95_BAR_MS:.0f} ms)"
    )
    for r in results:
        print(
            f"{r.target.name:<30} {r.rps:>8.0f} {r.p50_ms:>8.2f} {r.p95_ms:>8.2f} "
            f"{r.non_2xx:>7} {r.rps / (r.beside or noop) if (r.beside or noop) else 0:>8.3f} "
            f"{r.rps / bare if bare else 0:>7.3f}  {verdict(r, noop, bare)}"
            + (f"  (no-op beside: {r.beside:.0f} req/s)" if r.beside else "")
        )
    verdicts = [verdict(r, noop, bare) for r in results]
    missed = sum(v.startswith("FAIL") for v in verdicts)
    print(f"{missed} of {sum(bool(v) for v in verdicts)} targets miss a bar.")


def main() -> None:
    env = bench_env()
    seed(env)
    deep_people, deep_audit = deep_cursors(env)
    targets = [
        Target("WSGI callable (floor)", "/__bench__/wsgi"),
        Target("Bare Django no-op (floor)", "/__bench__/bare"),
        Target("Django no-op view (floor)", "/__bench__/noop"),
        # The base template with nothing in it, signed in: session, user, roles,
        # navigation and its counts, context processors (issue 20, item 2).
        Target("Empty page, signed in (floor)", "/__bench__/page", signed_in=True),
        # The same as the Prevent lead, whose pages (the dashboards, the return, the
        # queue) carry a reviewer's navigation counts: their own floor.
        Target(
            "Empty page, Prevent lead (floor)",
            "/__bench__/page",
            signed_in=True,
            email="prevent.lead@example.ac.uk",
        ),
        Target("Sign-in page", "/accounts/sign-in/", bar=DETAIL),
        Target("Home, signed in", "/", signed_in=True, bar=HOME),
        # The busiest homes: every card of an institution-wide role (issue 20).
        Target(
            "Home (Prevent lead)", "/", signed_in=True, email="prevent.lead@example.ac.uk", bar=HOME
        ),
        Target(
            "Home (head of security)", "/", signed_in=True, email="security@example.ac.uk", bar=HOME
        ),
        Target(
            "Home (training administrator)",
            "/",
            signed_in=True,
            email="training@example.ac.uk",
            bar=HOME,
        ),
        Target("Units list (tree)", "/accounts/units/", signed_in=True, bar=DASHBOARD),
        Target("People list, page 1", "/accounts/people/", signed_in=True, bar=LIST),
        Target(
            "People list, last pages",
            "/accounts/people/?after=" + urllib.parse.quote(deep_people),
            signed_in=True,
            bar=LIST,
        ),
        Target("Audit log, page 1", "/audit/", signed_in=True, bar=LIST),
        Target(
            "Audit log, oldest pages",
            "/audit/?after=" + urllib.parse.quote(deep_audit),
            signed_in=True,
            bar=LIST,
        ),
    ]
    targets += training_targets()
    targets += concern_targets()
    targets += dashboard_targets()
    for target in event_targets(env):
        if has_template(target):
            targets.append(target)
        else:
            print(f"Skipped {target.name}: events/{target.template} is not on this branch.")
    targets += speaker_targets(env)
    targets += privacy_targets()
    targets += governance_targets()
    if DISCLOSURES:
        targets += sharing_targets(env)
    if RESEARCH:
        targets += research_targets(env)
    if EXCHANGE_MESSAGES:
        targets += exchange_targets(env)
    targets = [t for t in targets if t.path.startswith("/__bench__/") or ONLY.search(t.name)]
    server = start_server(env)
    try:
        cookies = {email: sign_in(email) for email in {t.email for t in targets if t.signed_in}}
        use_wrk = shutil.which("wrk") is not None
        generator = "wrk" if use_wrk else "Python load generator (install wrk for less overhead)"
        print(
            f"Load: {generator}, "
            f"{CONCURRENCY} connections, {SECONDS:g}s per target, gunicorn with {WORKERS} workers, "
            f"{'PostgreSQL' if env.get('DATABASE_URL') else 'SQLite'}, {SCALE} seeded people "
            f"and their event requests, {SPEAKERS} seeded speakers.\n",
            flush=True,
        )
        results = []
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_SCRIPT)
            script.flush()
            noop_target = next(t for t in targets if t.path == "/__bench__/noop")

            def load(target: Target) -> Result:
                cookie = cookies.get(target.email, "")
                if use_wrk and target.form is None:
                    return load_with_wrk(target, cookie, script.name)
                return load_with_python(target, cookie)

            for target in targets:
                beside = 0.0
                if ALTERNATE and not target.path.startswith("/__bench__/"):
                    beside = load(noop_target).rps  # the floor, just before the page
                result = load(target)
                result.beside = beside
                results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results)
    noop = next(r for r in results if r.target.path == "/__bench__/noop").rps
    if PAGES_ONLY or ONLY.pattern:
        print("\nOnly pages were loaded: no import, retention or subject access timings.")
        if any(r.non_2xx for r in results):
            raise SystemExit("Some responses were not 2xx: the figures above are not comparable.")
        return
    if STAFF:
        print(f"\nTiming a completions import of up to {STAFF} rows ...", flush=True)
        imported = time_training_import(env)
        rate = imported["rows"] / imported["seconds"] if imported["seconds"] else 0.0
        print(
            f"Training import: {imported['rows']:.0f} rows in {imported['seconds']:.1f}s "
            f"({imported['status']}): {rate:.0f} rows/s, {rate / noop if noop else 0:.2f}x "
            "the no-op view's requests per second."
        )
    print("\nTiming the retention schedule over the seeded years (rolled back) ...", flush=True)
    kept = time_retention(env)
    print(
        f"Retention: dry run {kept['dry_run_seconds']:.1f}s for {kept['due']:.0f} rows due; "
        f"run {kept['done']:.0f} rows in {kept['seconds']:.1f}s "
        f"({kept['rows_per_second']:.0f} rows/s, "
        f"{kept['rows_per_second'] / noop if noop else 0:.2f}x the no-op view's requests per "
        f"second); peak Python memory {kept['peak_python_mib']:.0f} MiB, "
        f"max RSS {kept['max_rss_mib']:.0f} MiB."
    )
    searched = json.loads(django_output(env, str(ROOT / "bench" / "subject_access_search.py")))
    print(
        f"Subject access search ({SPEAKERS} seeded speakers, every app's finder): "
        f"{searched['mean_ms']:.1f} ms mean, {searched['max_ms']:.1f} ms worst over "
        f"{searched['searches']} searches, {searched['hits']} hits; the no-op view answers in "
        f"{1000 / noop if noop else 0:.2f} ms per request."
    )
    if any(r.non_2xx for r in results):
        raise SystemExit("Some responses were not 2xx: the figures above are not comparable.")


if __name__ == "__main__":
    main()
