from __future__ import annotations

from django.http import HttpRequest

from podium.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a `login_required` view receives: `user` is a signed-in User."""

    user: User
