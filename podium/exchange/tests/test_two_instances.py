"""The issue's headline test: two Podium instances on loopback, each a live server
(gunicorn) with its own database and key file, register each other as peers; A asks
B about a speaker, B's Prevent lead sees it and answers Amber with two fields, B's
DPO signs off, A receives it linked to A's speaker and shown on the speaker's page;
both audit logs verify; every tampering case is refused by the live server.

Each server listens on a port the operating system chose (podium.testing.exchange_live),
so two suites on one machine never collide. Each instance's database is a copy of
this suite's own migrated test database (SQLite: the online backup into a file;
PostgreSQL: a database made from it as a template), so the pair costs no migration
and runs on the backend the suite runs on. The steps run a few at a time, each batch
in one process. Marked `live`: skip it with `-m "not live"`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from http_message_signatures import HTTPMessageSigner, algorithms

from podium.exchange import keys, protocol
from podium.testing.exchange_live import Instance, start_pair

# django_db: so that pytest-django sets up the suite's test database, which the
# instances copy (the test itself reads and writes only through the live servers).
pytestmark = [pytest.mark.live, pytest.mark.django_db]


@pytest.fixture(scope="module")
def instances(
    django_db_setup, django_db_blocker, tmp_path_factory
) -> Iterator[tuple[Instance, Instance]]:
    """One pair for the module, each instance on a copy of the suite's test database
    (made once per run, or per xdist worker, and shared with every other test)."""
    from django.db import connection

    with (
        django_db_blocker.unblock(),
        start_pair(tmp_path_factory.mktemp("podiums"), source=connection) as pair,
    ):
        yield pair


def signed(
    url: str,
    raw: bytes,
    *,
    key_id: str,
    private: Ed25519PrivateKey,
    created: dt.datetime | None = None,
) -> dict[str, str]:
    if created is None:
        return protocol.sign(url=url, body=raw, key_id=key_id, private=private)
    message = SimpleNamespace(method="POST", url=url, headers={"Content-Type": "application/json"})
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.ED25519,
        key_resolver=protocol.KeyPair(private=private),
    )
    signer.sign(
        message, key_id=key_id, created=created, expires=created + dt.timedelta(minutes=5),
        nonce="n-" + str(time.time_ns()), label=protocol.LABEL, tag=protocol.TAG,
        covered_component_ids=protocol.COVERED[:3], body=raw,
    )  # fmt: skip
    return dict(message.headers)


def test_two_podiums_exchange_a_request_and_its_signed_off_answer(instances):
    a, b = instances
    started = time.monotonic()

    (a_setup,) = a.run(("setup", {"institution": "University A"}))
    b_setup, b_registers_a = b.run(
        ("setup", {"institution": "University B"}),
        ("register", {"name": "University A", "base_url": a.url, "public_key": a_setup["public_key"]}),
    )  # fmt: skip
    # The published identity is what each administrator copies.
    published = requests.get(b.url + protocol.WELL_KNOWN, timeout=5).json()
    assert published["keys"][0]["public_key"] == b_setup["public_key"]
    assert published["inbox"] == b.url + protocol.PATH

    a_registers_b, asked = a.run(
        ("register", {"name": "University B", "base_url": b.url, "public_key": b_setup["public_key"]}),
        ("ask", {}),
    )  # fmt: skip
    assert a_registers_b["trusted"] and b_registers_a["trusted"]
    assert asked["state"] == "delivered", asked

    # B's audit log is complete once its answer is delivered: nothing is sent to B after.
    answered, b_audit = b.run(("answer", {}), ("audit", {}))
    assert answered["queue_on_home"] and answered["matched_speaker"] and answered["answer_link"]
    assert answered["before_sign_off"] == "awaiting_sign_off"
    assert answered["state"] == "delivered", answered
    assert answered["disclosure_state"] == "sent"
    assert answered["fields"] == ["affiliations", "name"]
    assert answered["page_shows_message"]

    # A stranger's key, registered at A but never trusted (a tampering case below);
    # its address is never contacted.
    stranger = Ed25519PrivateKey.generate()
    stranger_public = keys.encode_public(stranger.public_key())
    got, _untrusted = a.run(
        ("received", {"request": asked["request"]}),
        ("untrusted", {"base_url": "http://127.0.0.1:9", "public_key": stranger_public}),
    )
    assert got == {
        "rag": "amber",
        "speaker": True,
        "method": "podium",
        "fields": ["affiliations", "name"],
        "in_reply_to": asked["message_id"],
        "key_id": b_setup["key_id"],
        "on_speaker_page": True,
        "disclosure_page_shows_message": True,
        "asker_told": True,
    }

    # Tampering with messages to A's live endpoint: each refused, precisely.
    inbox = a.url + protocol.PATH
    b_key = b.private_key()

    def body(**extra: Any) -> bytes:
        message = protocol.new_body(
            kind="request",
            in_reply_to=None,
            part={"speaker_name": "Dr Jane Visiting", "question": "Any concerns?",
                  "due_on": "2099-01-15"},
        )  # fmt: skip
        message["request"].update(extra)
        return protocol.encode(message)

    def post(raw: bytes, headers: dict[str, str]) -> tuple[int, str]:
        response = requests.post(inbox, data=raw, headers=headers, timeout=10)
        assert response.headers["Content-Type"] == "application/problem+json", response.text
        return response.status_code, response.json()["type"].removeprefix(protocol.PROBLEM_TYPE)

    raw = body()
    good = signed(inbox, raw, key_id=b_setup["key_id"], private=b_key)
    cases = {
        "unknown key": post(raw, signed(inbox, raw, key_id="podium-unknown", private=stranger)),
        "untrusted key": post(
            raw, signed(inbox, raw, key_id=keys.key_id_of(stranger_public), private=stranger)
        ),
        "bad signature": post(raw, signed(inbox, raw, key_id=b_setup["key_id"], private=stranger)),
        "digest mismatch": post(raw.replace(b"Any concerns", b"Any worries"), good),
        "expired": post(
            raw,
            signed(
                inbox,
                raw,
                key_id=b_setup["key_id"],
                private=b_key,
                created=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20),
            ),
        ),
        "over the cap": post(
            big := body(question="x" * 70_000),
            signed(inbox, big, key_id=b_setup["key_id"], private=b_key),
        ),
        "field not allowed": post(
            extra := body(email="jane@example.org"),
            signed(inbox, extra, key_id=b_setup["key_id"], private=b_key),
        ),
    }
    accepted = requests.post(inbox, data=raw, headers=good, timeout=10)
    assert accepted.status_code == 202, accepted.text
    cases["replayed"] = post(raw, good)
    assert cases == {
        "unknown key": (401, "unknown-key"),
        "untrusted key": (403, "untrusted-key"),
        "bad signature": (401, "bad-signature"),
        "digest mismatch": (400, "digest-mismatch"),
        "expired": (401, "expired"),
        "over the cap": (413, "too-large"),
        "field not allowed": (422, "field-not-allowed"),
        "replayed": (409, "replayed"),
    }

    (a_audit,) = a.run(("audit", {}))
    for found in (a_audit, b_audit):
        assert found["verify"].startswith("The audit log is intact"), found
    assert a_audit["refused"] == sorted(
        ["unknown-key", "untrusted-key", "bad-signature", "digest-mismatch", "expired",
         "too-large", "field-not-allowed", "replayed"]
    )  # fmt: skip
    assert b_audit["refused"] == []
    print(f"\nTwo-instance exchange: {time.monotonic() - started:.1f} s after the servers started")
