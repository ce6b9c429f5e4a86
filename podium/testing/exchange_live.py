"""Drives one live Podium instance for the two-instance exchange test
(podium/exchange/tests/test_two_instances.py) and the throughput measurement.

Run as `python -m podium.testing.exchange_live STEP '<json>'` with the instance's
environment (its own var directory, database, key file and base URL). Each step
does what a person would do through the services, checks what they would see
(pages rendered as that person) and prints one JSON line with what it found.

The servers listen on ports the operating system chooses: the parent binds port 0
and hands the listening socket to gunicorn by descriptor (`--bind fd://N`), so no
other process (another suite on the machine) can take the port in between.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

WELL_KNOWN = "/.well-known/podium-exchange"


ROOT = Path(__file__).resolve().parents[2]


def listening_socket() -> socket.socket:
    """A socket listening on 127.0.0.1 at a port the operating system chose (bind to
    port 0): it is ours from now on, and gunicorn inherits it rather than binding."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@dataclass
class Instance:
    name: str
    port: int
    home: Path
    env: dict[str, str]
    sock: socket.socket | None = None
    server: subprocess.Popen[bytes] | None = None
    dropped: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *steps: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
        argv = [sys.executable, "-m", "podium.testing.exchange_live"]
        for step, args in steps:
            argv += [step, json.dumps(args)]
        done = subprocess.run(  # noqa: S603 - this interpreter, our own module
            argv, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-3000:]
        found: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
        return found

    def private_key(self) -> Ed25519PrivateKey:
        key = serialization.load_pem_private_key(
            Path(self.env["PODIUM_EXCHANGE_KEY_FILE"]).read_bytes(), password=None
        )
        assert isinstance(key, Ed25519PrivateKey)
        return key


def environment(home: Path, port: int, institution: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
    env.update(
        DEBUG="true",  # audit codes checked, as in the suite
        SECRET_KEY="live-test-only-" + "k7Hq2vNw9xPz4mRt8yLc3bJd6fGs1aEu5oIe0WnKs",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        PODIUM_HTTPS="false",
        PODIUM_VAR_DIR=str(home),
        PODIUM_BASE_URL=f"http://127.0.0.1:{port}",
        PODIUM_INSTITUTION_NAME=institution,
        PODIUM_EXCHANGE_KEY_FILE=str(home / "exchange-key.pem"),
        PODIUM_AUDIT_CHECKPOINT_DIR=str(home / "checkpoints"),
        PODIUM_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        PODIUM_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE="1000",
        PODIUM_EXCHANGE_MAX_BODY_BYTES="65536",
        PODIUM_EXCHANGE_TIMEOUT_SECONDS="20",
    )
    return env


def start(instance: Instance) -> None:
    assert instance.sock is not None
    fd = instance.sock.fileno()
    instance.server = subprocess.Popen(  # noqa: S603 - this interpreter's gunicorn
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"fd://{fd}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--access-logfile",
            "/dev/null",
            # Gunicorn's control socket is one path per user (~/.gunicorn/gunicorn.ctl),
            # shared by every server on the machine: these need none.
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=instance.env,
        pass_fds=(fd,),
        stdout=subprocess.DEVNULL,
        stderr=open(instance.home / "server.log", "w"),  # noqa: SIM115 - closed with the process
    )
    # The server holds its own copy of the socket now.
    instance.sock.close()
    instance.sock = None


def wait_until_up(instance: Instance) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert instance.server is not None
        if instance.server.poll() is not None:
            break
        try:
            if requests.get(instance.url + WELL_KNOWN, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    log = (instance.home / "server.log").read_text()[-3000:]
    raise AssertionError(f"{instance.name} did not start:\n{log}")


def migrated_database(env: dict[str, str]) -> None:
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr[-3000:]


def _copy_sqlite(source: Any, target: Path) -> None:
    """The source database (the suite's test database, in memory) written to a file
    with SQLite's online backup: its schema and the rows its migrations made."""
    import sqlite3

    source.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        source.connection.backup(copy)
    finally:
        copy.close()


def _postgres_url(settings: dict[str, Any], name: str) -> str:
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{name}"


def _copy_postgres(source: Any, name: str) -> str:
    """A new PostgreSQL database `name` made from the source (the suite's test
    database) as a template: its schema and the rows its migrations made, in well
    under a second. PostgreSQL copies a template only while nobody is connected to
    it: the suite's connection is closed first (the next query reopens it), and any
    other session on this worker's test database ended — a `live_server` thread's
    kept-alive connection, which Django's health check replaces on its next use."""
    template = source.settings_dict["NAME"]
    source.close()
    for attempt in range(20):
        try:
            with source._nodb_cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [template],
                )
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            break
        except Exception:  # "being accessed by other users": a session still closing
            if attempt == 19:
                raise
            time.sleep(0.5)
    return _postgres_url(source.settings_dict, name)


def _drop_postgres(source: Any, name: str) -> None:
    with source._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _databases(made: list[Instance], source: Any) -> None:
    """Each instance's own database: copies of `source` (the suite's migrated test
    database, SQLite or PostgreSQL) when given, else one migration copied."""
    a, b = made
    if source is None:
        migrated_database(a.env)
        shutil.copy(a.home / "podium.sqlite3", b.home / "podium.sqlite3")  # the same schema
        return
    name = str(source.settings_dict["NAME"])
    # Only ever a test database: never a developer's or a server's own.
    in_memory = source.vendor == "sqlite" and source.creation.is_in_memory_db(name)
    assert in_memory or name.startswith("test_"), name
    if source.vendor == "sqlite":
        for instance in made:
            _copy_sqlite(source, instance.home / "podium.sqlite3")
        return
    assert source.vendor == "postgresql", source.vendor
    for instance in made:
        name = f"{source.settings_dict['NAME']}_live_{instance.name.lower()}"[:63]
        instance.env["DATABASE_URL"] = _copy_postgres(source, name)
        instance.dropped.append(name)


@contextmanager
def start_pair(
    home: Path, *, source: Any = None, **settings: str
) -> Iterator[tuple[Instance, Instance]]:
    """Two instances, A and B, each a gunicorn server on a port the operating system
    chose, with its own database and key file under `home`.

    `source`: a Django database connection whose (migrated, empty) database each
    instance gets a copy of — the suite's own test database, on SQLite or
    PostgreSQL, so the servers cost no migration. Without it (bench/exchange.py),
    one SQLite database is migrated and copied."""
    made = []
    try:
        for name in ("A", "B"):
            own = home / name
            own.mkdir(parents=True, exist_ok=True)
            sock = listening_socket()
            port = sock.getsockname()[1]
            env = environment(own, port, f"University {name}")
            env.update(settings)
            made.append(Instance(name, port, own, env, sock=sock))
        _databases(made, source)
        for instance in made:
            start(instance)
        for instance in made:
            wait_until_up(instance)
        yield made[0], made[1]
    finally:
        for instance in made:
            if instance.sock is not None:
                instance.sock.close()
            if instance.server is not None:
                instance.server.terminate()
                try:
                    instance.server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    instance.server.kill()
                    instance.server.wait(timeout=20)
        for instance in made:
            for name in instance.dropped:
                _drop_postgres(source, name)


# --- The steps, run inside an instance's environment ----------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _people() -> Any:
    from podium.accounts.models import User
    from podium.sharing.models import Partner, Purpose
    from podium.speakers.models import Speaker
    from podium.testing.sharing import Sharing

    def person(name: str) -> User:
        return User.objects.get(full_name=name)

    partners = list(Partner.objects.order_by("pk"))
    return Sharing(
        person("Pat Prevent"), person("Sid Security"), person("Dee Dpo"), person("Sam Safe"),
        person("Ada Admin"), partners[0], partners[1], Purpose.objects.get(), Speaker.objects.get(),
    )  # fmt: skip


def setup(args: dict[str, Any]) -> dict[str, Any]:
    """The institution, its people, the partner (the other instance), a purpose and the
    speaker; this instance's key; and the other instance registered and trusted as a
    peer when its key is given."""
    from django.core.cache import cache

    from podium.exchange import keys, services
    from podium.testing.factories import make_institution
    from podium.testing.sharing import make_sharing

    cache.clear()  # a copied database may hold the suite's cache rows
    s = make_sharing(make_institution(name=args["institution"]))
    own = services.signing_key()
    return {
        "key_id": own.key_id,
        "public_key": keys.encode_public(own.private.public_key()),
        "speaker": s.speaker.pk,
    }


def register(args: dict[str, Any]) -> dict[str, Any]:
    from podium.exchange import keys, services

    s = _people()
    peer = services.register_peer(
        acting_user=s.admin,
        name=args["name"],
        base_url=args["base_url"],
        partner=s.partner,
        public_key=args["public_key"],
    )
    key = peer.keys.get()
    shown = keys.fingerprint(key.public_key)
    # The administrators compare fingerprints out of band; the test has both.
    assert shown == keys.fingerprint(args["public_key"])
    if args.get("trust", True):
        services.trust_key(acting_user=s.admin, key=key, confirmed=True)
    key.refresh_from_db()
    return {"peer": peer.pk, "fingerprint": shown, "trusted": key.trusted_at is not None}


def ask(args: dict[str, Any]) -> dict[str, Any]:
    from podium.exchange.models import Message
    from podium.sharing import services as sharing

    s = _people()
    request = sharing.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner],
        question="Has Dr Jane Visiting spoken with you? Were there concerns or conditions?",
        due_on=None,
    )
    message = Message.objects.get(request=request)
    return {
        "request": request.pk,
        "state": message.state,
        "message_id": str(message.message_id),
        "attempts": message.attempt_log.count(),
        "outcome": message.last_error,
    }


def _page(user: Any, path: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def answer(args: dict[str, Any]) -> dict[str, Any]:
    """B: the Prevent lead sees the request in her queue and answers Amber with two
    fields; the DPO signs the disclosure off, and the answer leaves for A."""
    from django.db import transaction
    from django.urls import reverse

    from podium.exchange import services
    from podium.exchange.models import Message
    from podium.sharing import selectors as sharing_selectors
    from podium.sharing import services as sharing

    s = _people()
    (incoming,) = list(sharing_selectors.incoming_requests_open())
    home = _page(s.prevent, reverse("core:home"))
    request_page = _page(s.prevent, reverse("sharing:request-detail", args=[incoming.pk]))
    with transaction.atomic():
        message = services.prepare_answer(
            acting_user=s.prevent,
            information_request=incoming,
            facts=services.AnswerFacts(
                rag="amber",
                summary="Spoke here in March; conditions (an independent chair) were set and kept.",
                fields_shared=["name", "affiliations"],
                purpose=s.purpose,
                lawful_basis="public_task",
                necessity="The partner is assessing the same speaker under the Prevent duty.",
                one_off_reason="A partner's request over the Podium exchange.",
                speaker_id=incoming.speaker_id,
            ),
        )
    waiting = Message.objects.get(pk=message.pk).state
    disclosure = sharing_selectors.disclosure_by_id(message.disclosure_id)  # type: ignore[arg-type]
    started = time.perf_counter()
    assert disclosure is not None
    sharing.sign_off(acting_user=s.dpo, disclosure=disclosure, approved=True)  # delivers on commit
    sign_off_seconds = time.perf_counter() - started
    message.refresh_from_db()
    disclosure = sharing_selectors.disclosure_by_id(message.disclosure_id)  # type: ignore[arg-type]
    page = _page(s.dpo, reverse("sharing:disclosure-detail", args=[message.disclosure_id]))
    return {
        "queue_on_home": "speaker request from a partner to answer" in home,
        "matched_speaker": incoming.speaker_id == s.speaker.pk,
        "answer_link": reverse("exchange:answer", args=[incoming.pk]) in request_page,
        "before_sign_off": waiting,
        "state": message.state,
        "outcome": message.last_error,
        "disclosure_state": disclosure.state if disclosure else None,
        "fields": sorted(disclosure.snapshot) if disclosure else [],
        "page_shows_message": str(message.message_id) in page and message.key_id in page,
        "sign_off_seconds": round(sign_off_seconds, 3),
    }


def received(args: dict[str, Any]) -> dict[str, Any]:
    """A: the answer is attached to the waiting request, linked to A's speaker, shown
    to the reviewer on the speaker's page; the asker was told."""
    from django.urls import reverse

    from podium.exchange.models import Message
    from podium.notify.models import Message as Notice
    from podium.sharing.models import InformationRequest

    s = _people()
    request = InformationRequest.objects.get(pk=args["request"])
    recipient = request.recipients.get()
    disclosure = recipient.disclosure
    assert disclosure is not None
    message = Message.objects.get(direction="incoming", kind="answer")
    speaker_page = _page(s.prevent, reverse("speakers:speaker-detail", args=[s.speaker.pk]))
    disclosure_page = _page(s.prevent, reverse("sharing:disclosure-detail", args=[disclosure.pk]))
    return {
        "rag": recipient.rag,
        "speaker": disclosure.speaker_id == s.speaker.pk if disclosure else False,
        "method": disclosure.method if disclosure else None,
        "fields": sorted(disclosure.snapshot) if disclosure else [],
        "in_reply_to": str(message.in_reply_to),
        "key_id": message.key_id,
        "on_speaker_page": "Amber" in speaker_page and "What partners told us" in speaker_page,
        "disclosure_page_shows_message": str(message.message_id) in disclosure_page
        and message.key_id in disclosure_page,
        "asker_told": Notice.objects.filter(
            recipient=s.prevent, subject__startswith="Answer received"
        ).exists(),
    }


def untrusted(args: dict[str, Any]) -> dict[str, Any]:
    """Registers one more peer whose key is not trusted (a tampering case)."""
    from podium.exchange import services
    from podium.sharing.models import Partner

    s = _people()
    other = Partner.objects.exclude(pk=s.partner.pk).first()
    peer = services.register_peer(
        acting_user=s.admin,
        name="Untrusted Podium",
        base_url=args["base_url"],
        partner=other,
        public_key=args["public_key"],
    )
    return {"peer": peer.pk}


def audit(args: dict[str, Any]) -> dict[str, Any]:
    from io import StringIO

    from django.core.management import call_command

    from podium.audit.models import AuditEntry

    out = StringIO()
    call_command("audit-verify", stdout=out)
    refused = sorted(
        e.data["problem"] for e in AuditEntry.objects.filter(action="exchange.message.refused")
    )
    return {"verify": out.getvalue().strip(), "refused": refused}


def bench(args: dict[str, Any]) -> dict[str, Any]:
    """Throughput: `n` requests asked of the peer, each delivered at once (signed,
    posted, verified and stored by the peer), one after another."""
    from podium.exchange.models import Message
    from podium.sharing import services as sharing

    s = _people()
    started = time.perf_counter()
    for _ in range(args["n"]):
        sharing.ask_partners(
            acting_user=s.prevent,
            speaker_id=s.speaker.pk,
            partners=[s.partner],
            question="Has this speaker spoken with you?",
            due_on=None,
        )
    seconds = time.perf_counter() - started
    delivered = Message.objects.filter(direction="outgoing", state="delivered").count()
    return {"n": args["n"], "seconds": round(seconds, 3), "delivered": delivered}


STEPS = {
    "setup": setup,
    "register": register,
    "ask": ask,
    "answer": answer,
    "received": received,
    "untrusted": untrusted,
    "audit": audit,
    "bench": bench,
}


def main() -> None:
    _setup_django()
    results = []
    # Several steps in one process: STEP '<json>' [STEP '<json>' ...].
    argv = sys.argv[1:]
    for step, raw in zip(argv[::2], argv[1::2], strict=True):
        results.append(STEPS[step](json.loads(raw)))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
