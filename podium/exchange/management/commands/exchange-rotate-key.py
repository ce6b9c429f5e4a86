"""`podium exchange-rotate-key`: a new exchange signing key. Messages are signed
with it from now on; the old key stays published (and accepted by peers that have
added the new one) for PODIUM_EXCHANGE_KEY_OVERLAP_DAYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from podium.exchange import keys, services


class Command(BaseCommand):
    help = (
        "Rotate this Podium's exchange signing key (Ed25519), keeping the old one for the overlap."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        new, retiring = services.rotate_key()
        self.stdout.write(f"New signing key {new.key_id}")
        self.stdout.write(f"Fingerprint (SHA-256): {keys.fingerprint(new.public_key)}")
        for key_id in retiring:
            self.stdout.write(f"{key_id} stays published for {keys.overlap().days} days")
        self.stdout.write(
            "Tell each partner's administrator: they add the new key on their peer page "
            "and compare this fingerprint with you by telephone."
        )
