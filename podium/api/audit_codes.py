"""The API's audit codes (`podium/audit/codes.py`)."""

from __future__ import annotations

from podium.audit.codes import code

CODES = [
    code(
        "api.token.created",
        "{actor} created an API token: {target}",
        ["user", "name", "scope", "prefix", "expires_at"],
    ),
    code("api.token.revoked", "{actor} revoked an API token: {target}", ["user", "prefix"]),
    code("api.token.used", "{actor} used an API token", ["method", "path", "status"]),
]
