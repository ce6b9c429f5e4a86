"""Calling `/api/v1/` in tests: a client that sends a bearer token."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.test import Client

from podium.accounts.models import User
from podium.api.models import TokenScope
from podium.api.services import create_token


def token_for(user: User, *, scope: str = TokenScope.READ_WRITE, days: int = 30) -> str:
    _, secret = create_token(
        acting_user=user, user=user, name="Test", scope=scope, lifetime=timedelta(days=days)
    )
    return secret


class ApiClient:
    """JSON in, JSON out, `Authorization: Bearer` on every request (if a secret)."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("post", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.send("patch", path, body)

    def send(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None) -> Any:
        data = raw if raw is not None else b"" if body is None else json.dumps(body).encode()
        return getattr(self.client, method)(
            path, data=data, content_type="application/json", headers=self.headers
        )


def api_client_for(user: User | None, *, scope: str = TokenScope.READ_WRITE) -> ApiClient:
    return ApiClient(token_for(user, scope=scope) if user is not None else None)
