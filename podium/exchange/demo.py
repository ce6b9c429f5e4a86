"""Demo data for the exchange, after sharing's demo: a partner's Podium registered
as a peer on this machine's loopback (the University of Northshire, at
http://127.0.0.1:8001) with a key not yet trusted, so the peer page shows a
fingerprint to compare and the administrator's home card a key awaiting trust.

Idempotent: made only when no peer is registered at that address.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from podium.accounts.models import User
from podium.exchange import keys, services
from podium.exchange.models import Peer
from podium.sharing import selectors as sharing_selectors

ADDRESS = "http://127.0.0.1:8001"
PARTNER = "University of Northshire"


def demo_step(password: str) -> list[str]:
    """The exchange's part of `podium demo`."""
    if Peer.objects.filter(base_url=ADDRESS).exists():
        return []
    admin = User.objects.filter(email="admin@example.ac.uk").first()
    partner = sharing_selectors.active_partners().filter(name=PARTNER).first()
    if admin is None or partner is None:
        return []
    # The partner's key: in real use, copied from its /.well-known/podium-exchange.
    public = keys.encode_public(Ed25519PrivateKey.generate().public_key())
    services.register_peer(
        acting_user=admin,
        name=f"{PARTNER} Podium",
        base_url=ADDRESS,
        partner=partner,
        public_key=public,
    )
    services.signing_key()
    return [f"Registered {PARTNER}'s Podium ({ADDRESS}) as an exchange peer, key not yet trusted."]
