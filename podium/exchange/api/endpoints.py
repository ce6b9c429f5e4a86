"""`POST /api/v1/exchange/messages`: where partners' Podium instances deliver signed
messages. Authenticated by its RFC 9421 signature alone (no token, no session, so
no CSRF); every refusal is an RFC 9457 problem (docs/exchange-protocol.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema

from podium.exchange import protocol, services

router = Router(tags=["Podium exchange"])


class ExchangeReceiptOut(Schema):
    message_id: str
    status: str
    reference: str
    received_at: str


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "errors"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
PROBLEM = {"content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}
REFUSALS = {
    str(status): {"description": " / ".join(p.title for p in protocol.PROBLEMS.values()
                                            if p.status == status), **PROBLEM}
    for status in sorted({p.status for p in protocol.PROBLEMS.values()})
}  # fmt: skip


def _problem(refused: protocol.Refused) -> JsonResponse:
    response = JsonResponse(
        refused.body(), status=refused.problem.status, content_type="application/problem+json"
    )
    if refused.problem.slug == "rate-limited":
        response["Retry-After"] = "60"
    return response


@router.post(
    "/messages",
    auth=None,
    response={202: ExchangeReceiptOut},
    url_name="exchange-messages",
    summary="Deliver a signed message from a partner's Podium",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        "responses": REFUSALS,
        "security": [],
    },
)
def receive_message(request: HttpRequest) -> Any:
    """A speaker information request, an answer or a withdrawal, signed with RFC 9421
    HTTP Message Signatures (Ed25519) by a trusted peer's key. A message id accepted
    before is answered with its original receipt."""
    try:
        accepted = services.receive(
            raw=request.body,
            headers=request.headers,
            content_type=request.content_type or "",
        )
    except protocol.Refused as refused:
        services.log_refusal(refused)
        return _problem(refused)
    response = JsonResponse(accepted.receipt, status=accepted.status)
    if accepted.duplicate:
        response["Podium-Exchange-Duplicate"] = "true"
    return response
