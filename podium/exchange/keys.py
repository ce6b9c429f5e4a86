"""This instance's Ed25519 key pair, and the fingerprints and key ids of any key.

The private key lives in a file (`PODIUM_EXCHANGE_KEY_FILE`, PEM PKCS#8), never
in the database. It is generated on first use with mode 0600. Rotation writes a
new file and keeps the old public key published until its overlap ends.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

from podium.core.errors import DomainError


def key_file() -> Path:
    return Path(settings.PODIUM_EXCHANGE_KEY_FILE)


def overlap() -> timedelta:
    return timedelta(days=int(settings.PODIUM_EXCHANGE_KEY_OVERLAP_DAYS))


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def encode_public(key: Ed25519PublicKey) -> str:
    return base64.b64encode(raw_public(key)).decode("ascii")


def decode_public(text: str) -> Ed25519PublicKey:
    """A raw Ed25519 public key in base64 (as `/.well-known/podium-exchange` gives it),
    or a PEM public key; DomainError naming the field otherwise."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("not Ed25519")
            return key
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        raise DomainError(
            "Paste the partner's Ed25519 public key as its Podium shows it (base64, or PEM).",
            field="public_key",
        ) from None


def fingerprint(public_key_b64: str) -> str:
    """SHA-256 of the raw public key, hex in groups of four: what the two
    administrators read to each other out of band."""
    digest = hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def key_id_of(public_key_b64: str) -> str:
    """The key id a signature names: derived from the key, so it cannot be claimed
    for another key."""
    return "podium-" + hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:24]


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(pem)
    os.replace(temporary, path)


def load_or_create_private() -> tuple[Ed25519PrivateKey, bool]:
    """The private key from the key file, generating it (0600) on first use.
    Returns it and whether it was just created."""
    path = key_file()
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise DomainError(f"{path} does not hold an Ed25519 private key.")
        return key, False
    key = Ed25519PrivateKey.generate()
    _write_private(path, key)
    return key, True


def replace_private() -> Ed25519PrivateKey:
    """A new key in the key file (rotation); the old file is kept beside it as
    `<name>.previous` until the next rotation."""
    path = key_file()
    if path.exists():
        os.replace(path, path.with_name(path.name + ".previous"))
    key = Ed25519PrivateKey.generate()
    _write_private(path, key)
    return key
