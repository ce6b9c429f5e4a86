"""`{% fixed_url 'name' %}` and `{% fixed_static 'path' %}`: Django's `{% url %}` (a
name with no arguments) and `{% static %}`, each worked out once per process.

`base.html` draws nine links and six static files on every page; Django's tags
reverse and join them again each time (about a third of drawing an empty signed-in
page: docs/performance.md, "The per-request floor, third pass"). These give the same
text, kept under everything it can depend on: the URL configuration in use, the
script prefix, the current application's namespace (`{% url %}` passes it to
`reverse`) for a URL, the script prefix for a static file; forgotten when a
setting they read changes (tests). Only literal names and paths are accepted, so a
kept entry is one of a fixed, small set."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

_kept: dict[tuple[Any, ...], str] = {}


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"}:
        _kept.clear()


def _literal(parser: Parser, token: Token) -> str:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][:1] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name, and nothing else.")
    return bits[1][1:-1]


def _current_app(context: template.Context) -> str | None:
    """What Django's `{% url %}` passes to `reverse` as `current_app`."""
    request = getattr(context, "request", None)
    current_app: str | None = getattr(request, "current_app", None)
    if current_app is None and request is not None:
        match = getattr(request, "resolver_match", None)
        current_app = match.namespace if match is not None else None
    return current_app


class FixedURLNode(template.Node):
    child_nodelists = ()

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context: template.Context) -> str:
        current_app = _current_app(context)
        key = ("url", get_urlconf(), get_script_prefix(), current_app, self.name)
        url = _kept.get(key)
        if url is None:
            url = _kept[key] = str(conditional_escape(reverse(self.name, current_app=current_app)))
        return url if context.autoescape else str(reverse(self.name, current_app=current_app))


class FixedStaticNode(template.Node):
    child_nodelists = ()

    def __init__(self, path: str) -> None:
        self.path = path

    def render(self, context: template.Context) -> str:
        key = ("static", get_script_prefix(), self.path)
        url = _kept.get(key)
        if url is None:
            url = _kept[key] = str(conditional_escape(StaticNode.handle_simple(self.path)))
        return url if context.autoescape else StaticNode.handle_simple(self.path)


@register.tag
def fixed_url(parser: Parser, token: Token) -> FixedURLNode:
    """`{% fixed_url 'app:name' %}`: as `{% url 'app:name' %}`, reversed once."""
    return FixedURLNode(_literal(parser, token))


@register.tag
def fixed_static(parser: Parser, token: Token) -> FixedStaticNode:
    """`{% fixed_static 'app/file.css' %}`: as `{% static 'app/file.css' %}`, once."""
    return FixedStaticNode(_literal(parser, token))
