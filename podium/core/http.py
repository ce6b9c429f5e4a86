from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    # The placeholder django-stubs refines to settings.AUTH_USER_MODEL (accounts.User):
    # core names the user model without importing the app that defines it.
    from django.contrib.auth.models import _User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a `login_required` view receives: `user` is a signed-in User."""

    user: _User


def client_ip(request: HttpRequest | None) -> str:
    """The address of the person making the request, by one rule for the sign-in
    rate limits (allauth, through `AccountAdapter.get_client_ip`) and the audit log.

    Behind a reverse proxy REMOTE_ADDR is the proxy's. With
    `ALLAUTH_TRUSTED_CLIENT_IP_HEADER` set (e.g. "X-Real-IP"), the proxy's header is
    taken; else with `ALLAUTH_TRUSTED_PROXY_COUNT` = n > 0, the n-th address from the
    right of X-Forwarded-For (the one the outermost trusted proxy saw). Addresses a
    client put in X-Forwarded-For itself sit further left and are never read. With
    neither set (the default), forwarded headers are ignored. "" when there is none.
    """
    if request is None:
        return ""
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    proxies = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    candidate = None
    if header:
        candidate = request.headers.get(header)
    elif proxies > 0:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    if not header and candidate is None:
        candidate = request.META.get("REMOTE_ADDR")
    return _clean_address(candidate or "")


def _clean_address(value: str) -> str:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""
