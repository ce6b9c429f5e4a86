from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # The placeholder django-stubs refines to settings.AUTH_USER_MODEL (accounts.User):
    # core names the user model without importing the app that defines it.
    from django.contrib.auth.models import _User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a `login_required` view receives: `user` is a signed-in User."""

    user: _User
