"""allauth's user-session middleware is in the stack only while activity tracking is
on (Podium turns it off: it would do nothing on every request); the list of
sessions does not need it (issue 20, item 2)."""

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.test import RequestFactory

from podium.accounts.middleware import UserSessionsMiddleware


def _page(request):
    return HttpResponse("ok")


def test_left_out_while_tracking_is_off(settings):
    settings.USERSESSIONS_TRACK_ACTIVITY = False
    with pytest.raises(MiddlewareNotUsed):
        UserSessionsMiddleware(_page)


def test_allauths_while_tracking_is_on(settings):
    settings.USERSESSIONS_TRACK_ACTIVITY = True
    middleware = UserSessionsMiddleware(_page)
    request = RequestFactory().get("/")
    assert middleware(request).content == b"ok"  # anonymous: nothing to record
