"""The Podium exchange's figures (docs/exchange.md, "Performance"):

1. Verification cost per message: checking the Content-Digest and the RFC 9421
   Ed25519 signature of a typical answer (`protocol.check_digest` + `protocol.verify`,
   as the endpoint does), in microseconds, in-process.
2. Delivery throughput between two local instances: two gunicorn servers on loopback
   (podium.testing.exchange_live), each with its own SQLite database; A asks B about a
   speaker N times, each request signed, posted, verified, stored by B (a speaker
   information request in its Prevent lead's queue) and acknowledged, one after another.

    .venv/bin/python bench/exchange.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("PODIUM_HTTPS", "false")


def verification_cost(rounds: int = 2000) -> tuple[float, float]:
    """Microseconds a message to check the digest and the signature: wall, CPU."""
    import django

    django.setup()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.conf import settings

    from podium.exchange import protocol

    private = Ed25519PrivateKey.generate()
    body = protocol.new_body(
        kind="answer",
        in_reply_to=None,
        part={
            "rag": "amber",
            "summary": "Spoke here in March; conditions were set and kept. " * 4,
            "lawful_basis": "public_task",
            "fields": {
                "name": {"label": "Name", "value": "Dr Jane Visiting"},
                "affiliations": {"label": "Affiliations", "value": "University of Elsewhere"},
            },
        },
    )
    raw = protocol.encode(body)
    url = settings.PODIUM_BASE_URL + protocol.PATH
    headers = protocol.sign(url=url, body=raw, key_id="podium-bench", private=private)
    public = private.public_key()
    for _ in range(100):  # warm up
        protocol.check_digest(headers, raw)
        protocol.verify(url=url, headers=headers, body=raw, public=public)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        protocol.check_digest(headers, raw)
        protocol.verify(url=url, headers=headers, body=raw, public=public)
    wall = (time.perf_counter() - started) / rounds * 1e6
    # CPU time too: on a shared machine the wall clock measures the other work.
    return wall, (time.process_time() - cpu) / rounds * 1e6


def throughput(n: int) -> dict[str, float]:
    import requests

    from podium.testing.exchange_live import start_pair

    with (
        tempfile.TemporaryDirectory() as home,
        start_pair(
            Path(home), DEBUG="false", PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE="100000"
        ) as (a, b),
    ):
        (a_setup,) = a.run(("setup", {"institution": "University A"}))
        b.run(
            ("setup", {"institution": "University B"}),
            ("register", {"name": "A", "base_url": a.url, "public_key": a_setup["public_key"]}),
        )
        published = requests.get(b.url + "/.well-known/podium-exchange", timeout=10).json()
        b_key = published["keys"][0]["public_key"]
        a.run(("register", {"name": "B", "base_url": b.url, "public_key": b_key}))
        a.run(("bench", {"n": 5}))  # warm up both servers
        (result,) = a.run(("bench", {"n": n}))
        return {
            "messages": n,
            "seconds": result["seconds"],
            "per_second": n / result["seconds"],
            "delivered": result["delivered"] - 5,
        }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"load average before (1, 5, 15 min): {os.getloadavg()}")
    wall, cpu = verification_cost()
    print(
        f"Verification (digest + Ed25519 signature): {wall:.0f} µs a message ({cpu:.0f} µs of CPU)"
    )
    figures = throughput(n)
    print(
        f"Delivery A -> B: {figures['delivered']}/{figures['messages']} delivered in "
        f"{figures['seconds']:.1f} s = {figures['per_second']:.1f} messages/s "
        "(each signed, posted, verified and stored, one after another)"
    )
    print(f"load average after (1, 5, 15 min): {os.getloadavg()}")
