"""The demo registers a partner's Podium as a peer with a key awaiting trust, once."""

import pytest

from podium.exchange.models import Peer
from podium.testing.exchange_demo import exchange_demo

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_peer_awaiting_trust():
    assert exchange_demo("demo-password-123456")
    peer = Peer.objects.get()
    assert peer.base_url == "http://127.0.0.1:8001"
    assert peer.keys.get().trusted_at is None
    assert exchange_demo("demo-password-123456") == []
    assert Peer.objects.count() == 1
