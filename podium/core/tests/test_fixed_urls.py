"""`{% fixed_url %}` and `{% fixed_static %}` (podium/core/templatetags/fixed_urls.py)
give exactly what Django's `{% url %}` and `{% static %}` give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, RequestContext, Template, TemplateSyntaxError, engines
from django.test import RequestFactory
from django.test.utils import override_settings
from django.urls import get_script_prefix, resolve, set_script_prefix

from podium.testing.personas import client_for

BASE = Path(settings.BASE_DIR) / "templates" / "base.html"


def with_djangos_tags(source: str) -> str:
    source = source.replace("{% load fixed_urls %}", "{% load static %}", 1)
    source = re.sub(r"\{% fixed_url ('[^']+') %\}", r"{% url \1 %}", source)
    return re.sub(r"\{% fixed_static ('[^']+') %\}", r"{% static \1 %}", source)


def names() -> list[str]:
    return re.findall(r"\{% fixed_url '([^']+)' %\}", BASE.read_text())


def paths() -> list[str]:
    return re.findall(r"\{% fixed_static '([^']+)' %\}", BASE.read_text())


def test_base_html_uses_them():
    assert len(names()) >= 8 and len(paths()) >= 6


@pytest.mark.parametrize("page", ["/", "/accounts/sessions/", "/api/tokens/", "/audit/"])
@pytest.mark.parametrize("prefix", ["/", "/podium/"])
def test_each_is_what_djangos_tag_gives(page, prefix):
    request = RequestFactory().get(page)
    request.resolver_match = resolve(page)
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        for name in names():
            ours = Template("{% load fixed_urls %}{% fixed_url '" + name + "' %}")
            django = Template("{% url '" + name + "' %}")
            assert ours.render(RequestContext(request)) == django.render(RequestContext(request))
        for path in paths():
            ours = Template("{% load fixed_urls %}{% fixed_static '" + path + "' %}")
            django = Template("{% load static %}{% static '" + path + "' %}")
            assert ours.render(Context()) == django.render(Context())
            assert ours.render(Context(autoescape=False)) == django.render(
                Context(autoescape=False)
            )
    finally:
        set_script_prefix(before)


def test_a_changed_setting_is_followed():
    tag = Template("{% load fixed_urls %}{% fixed_static 'podium/css/podium.css' %}")
    assert tag.render(Context()).startswith(settings.STATIC_URL)
    with override_settings(STATIC_URL="/elsewhere/"):
        assert tag.render(Context()) == "/elsewhere/podium/css/podium.css"
    assert tag.render(Context()).startswith(settings.STATIC_URL)


@pytest.mark.parametrize("source", ["{% fixed_url name %}", "{% fixed_url 'a' 'b' %}"])
def test_only_a_literal_name_is_taken(source):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load fixed_urls %}" + source)


def test_a_signed_in_page_is_the_same_as_with_djangos_tags(personas):
    """base.html drawn for a signed-in person with these tags and with Django's."""
    engine = engines["django"]
    response = client_for(personas.admin).get("/accessibility/")
    assert response.status_code == 200
    request = response.wsgi_request
    context = {"user": personas.admin, "csrf_token": "t", "navigation": ""}
    ours = engine.from_string(BASE.read_text()).render(context, request)
    django = engine.from_string(with_djangos_tags(BASE.read_text())).render(context, request)
    assert ours == django
    assert "/accounts/session/keep-alive/" in ours
