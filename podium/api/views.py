"""Pages where a signed-in person manages their own API tokens, and the API's
documentation page. The API itself is assembled in `config/api.py`."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.api import selectors, services
from podium.api.forms import TokenForm
from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest


@require_GET
@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "api/token_list.html", {"tokens": selectors.tokens_of(user=request.user)}
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(
                acting_user=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                lifetime=timedelta(days=form.cleaned_data["expires_in"]),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            # The secret is rendered into this one response and kept nowhere.
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.own_token_or_404(user=request.user, pk=pk)
    try:
        services.revoke_token(acting_user=request.user, token=token)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{token.name} no longer works.")
    return redirect("api:token-list")


METHOD_ORDER = ["get", "post", "put", "patch", "delete"]


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document rendered as a page: readable without JavaScript."""
    schema = _openapi_document(request)
    operations = []
    for path, item in schema["paths"].items():
        for method in sorted(item, key=METHOD_ORDER.index):
            operation = item[method]
            operations.append(
                {
                    "anchor": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": operation.get("parameters", []),
                    "body": _schema_name(
                        operation.get("requestBody", {})
                        .get("content", {})
                        .get("application/json", {})
                        .get("schema", {})
                    ),
                    "responses": [
                        (
                            code,
                            _schema_name(
                                r.get("content", {}).get("application/json", {}).get("schema", {})
                            ),
                        )
                        for code, r in operation.get("responses", {}).items()
                    ],
                    "writes": method != "get",
                }
            )
    components = schema.get("components", {}).get("schemas", {})
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": operations,
            "schemas": [
                (name, _properties(definition, components))
                for name, definition in sorted(components.items())
            ],
        },
    )


def _openapi_document(request: HttpRequest) -> dict[str, Any]:
    """The document `api-v1:openapi-json` serves, asked of that view by its URL name:
    the API is assembled above this app (config/api.py), so it is not imported."""
    match = resolve(reverse("api-v1:openapi-json"))
    response = match.func(request, *match.args, **match.kwargs)
    document: dict[str, Any] = json.loads(response.content)
    return document


def _schema_name(schema: dict[str, Any]) -> str:
    reference = schema.get("$ref", "")
    return reference.rsplit("/", 1)[-1] if reference else ""


def _properties(definition: dict[str, Any], components: dict[str, Any]) -> list[dict[str, Any]]:
    required = set(definition.get("required", []))
    rows = []
    for name, spec in definition.get("properties", {}).items():
        rows.append(
            {
                "name": name,
                "type": _type_of(spec),
                "required": name in required,
                "description": spec.get("description", ""),
            }
        )
    if "enum" in definition:
        rows.append(
            {
                "name": "(value)",
                "type": " | ".join(str(v) for v in definition["enum"]),
                "required": True,
                "description": "",
            }
        )
    return rows


def _type_of(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return _schema_name(spec)
    if "anyOf" in spec:
        return " or ".join(_type_of(s) for s in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list of {_type_of(spec.get('items', {}))}"
    kind = str(spec.get("type", "any"))
    if spec.get("format"):
        kind += f" ({spec['format']})"
    return kind
