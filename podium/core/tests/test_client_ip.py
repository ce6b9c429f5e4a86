"""The one rule for a request's client address (podium.core.http.client_ip)."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from podium.core.http import client_ip


def request(remote: str = "10.0.0.5", **headers: str) -> HttpRequest:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote, **headers}
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.5"),  # no trusted proxy: the header is ignored
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # what the client wrote is ignored
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.9", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.5"),  # fewer hops than proxies: the direct peer
        (1, "", "10.0.0.5"),
        (1, "not-an-address", ""),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "192.0.2.1:51000", "192.0.2.1"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_trusted_proxy_count(settings, proxies, forwarded, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(HTTP_X_FORWARDED_FOR=forwarded)) == expected


def test_a_named_header_wins_and_only_it_is_read(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(HTTP_X_REAL_IP="192.0.2.7", HTTP_X_FORWARDED_FOR="6.6.6.6")) == (
        "192.0.2.7"
    )
    assert client_ip(request(HTTP_X_FORWARDED_FOR="6.6.6.6")) == ""


def test_no_request_no_address():
    assert client_ip(None) == ""
