"""The CSP middleware builds Podium's constant policy once and sends exactly what
django-csp would; per-view changes still go through django-csp."""

import pytest
from csp.utils import build_policy
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import RequestFactory, override_settings

from podium.core.middleware import ConstantPolicyCSPMiddleware

pytestmark = pytest.mark.django_db


def respond(view=lambda request: HttpResponse("ok")) -> HttpResponseBase:
    response = ConstantPolicyCSPMiddleware(view)(RequestFactory().get("/"))
    assert isinstance(response, HttpResponseBase)  # a sync view: never awaitable
    return response


def test_every_page_gets_the_policy_django_csp_builds(client):
    response = client.get("/accessibility/")
    assert response["Content-Security-Policy"] == build_policy()


def test_a_changed_policy_is_built_again():
    changed = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=changed):
        response = respond()
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_per_view_change_goes_through_django_csp():
    def view_with_update(request):
        response = HttpResponse("ok")
        response._csp_update = {"img-src": ["https://example.org"]}
        return response

    response = respond(view_with_update)
    assert "img-src 'self' data: https://example.org" in response["Content-Security-Policy"]


def test_a_header_the_view_set_is_kept():
    def download(request):
        response = HttpResponse("file")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    response = respond(download)
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
