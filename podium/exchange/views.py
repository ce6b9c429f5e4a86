"""Pages of the Podium exchange, and the public identity document. Thin: check
access, validate the form, call one service, redirect."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.exchange import access, forms, keys, protocol, selectors, services
from podium.exchange.models import Direction, Kind, Message, MessageState, Peer
from podium.sharing import selectors as sharing_selectors


@require_GET
def well_known(request: HttpRequest) -> JsonResponse:
    """`/.well-known/podium-exchange`: who this Podium is, where it takes messages and
    the keys its signatures verify with. Public: it holds nothing secret."""
    services.signing_key()  # generated on first use
    response = JsonResponse(
        {
            "protocol": protocol.PROTOCOL,
            "name": settings.PODIUM_INSTITUTION_NAME,
            "base_url": settings.PODIUM_BASE_URL,
            "inbox": settings.PODIUM_BASE_URL + protocol.PATH,
            "max_body_bytes": protocol.max_body(),
            "keys": [
                {
                    "keyid": key.key_id,
                    "alg": "ed25519",
                    "public_key": key.public_key,
                    "fingerprint_sha256": keys.fingerprint(key.public_key),
                    "created": key.created_at.isoformat(timespec="seconds"),
                    "valid_until": key.retires_at.isoformat(timespec="seconds")
                    if key.retires_at
                    else None,
                }
                for key in selectors.published_keys()
            ],
        }
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def _peer_or_404(user: Any, pk: int) -> Peer:
    access.require(access.sees_exchange(user))
    peer = Peer.objects.select_related("partner", "registered_by").filter(pk=pk).first()
    if peer is None:
        raise Http404
    return peer


@login_required
@require_http_methods(["GET", "POST"])
def peer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.sees_exchange(request.user))
    manages = access.manages_peers(request.user)
    if request.method == "POST":
        access.require(manages)
    form = forms.PeerForm(request.POST if request.method == "POST" else None)
    done, form = submit_form(
        request,
        form,
        lambda data: services.register_peer(acting_user=request.user, **data),
        success="Peer registered. Compare its key's fingerprint with the partner before "
        "you trust it.",
        to=lambda peer: reverse("exchange:peer-detail", args=[peer.pk]),
    )
    if done:
        return done
    own = services.signing_key()
    return render(
        request,
        "exchange/peer_list.html",
        {
            "page": selectors.peer_page(
                after=request.GET.get("after"), before=request.GET.get("before")
            ),
            "form": form if manages else None,
            "own_keys": [(k, keys.fingerprint(k.public_key)) for k in selectors.published_keys()],
            "own_key_id": own.key_id,
            "well_known": settings.PODIUM_BASE_URL + protocol.WELL_KNOWN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    peer = _peer_or_404(request.user, pk)
    manages = access.manages_peers(request.user)
    if request.method == "POST":
        access.require(manages)
    done, form = submit_form(
        request,
        forms.KeyForm(request.POST if request.method == "POST" else None),
        lambda data: services.add_peer_key(acting_user=request.user, peer=peer, **data),
        success="Key added. Compare its fingerprint with the partner before you trust it.",
        to=reverse("exchange:peer-detail", args=[peer.pk]),
    )
    if done:
        return done
    return render(
        request,
        "exchange/peer_detail.html",
        {
            "peer": peer,
            "keys": selectors.peer_keys(peer),
            "manages": manages,
            "key_form": form if manages else None,
            "trust_form": forms.TrustForm() if manages else None,
        },
    )


@login_required
@require_POST
def key_trust(request: AuthenticatedHttpRequest, pk: int, key_pk: int) -> HttpResponse:
    peer = _peer_or_404(request.user, pk)
    access.require(access.manages_peers(request.user))
    key = selectors.peer_key(peer, key_pk)
    if key is None:
        raise Http404
    done, form = submit_form(
        request,
        forms.TrustForm(request.POST),
        lambda data: services.trust_key(acting_user=request.user, key=key, **data),
        success="Key trusted: this peer's messages signed with it are accepted.",
        to=reverse("exchange:peer-detail", args=[peer.pk]),
    )
    if done:
        return done
    # Refused: back to the peer's page, saying why.
    for error in form.non_field_errors() + form.errors.get("confirmed", []):
        messages.error(request, str(error))
    return redirect("exchange:peer-detail", pk=peer.pk)


@require_GET
@login_required
def message_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.sees_exchange(request.user))
    state = request.GET.get("state", "")
    state = state if state in MessageState.values else ""
    return render(
        request,
        "exchange/message_list.html",
        {
            "page": selectors.message_page(
                state=state, after=request.GET.get("after"), before=request.GET.get("before")
            ),
            "state": state,
            "states": MessageState.choices,
            "page_query": f"state={state}",
        },
    )


def _message_or_404(user: Any, pk: int) -> Message:
    access.require(access.sees_exchange(user))
    message = Message.objects.select_related("peer", "created_by").filter(pk=pk).first()
    if message is None:
        raise Http404
    return message


def _received_at(receipt: Any) -> Any:
    """When the partner's Podium says it recorded the message (its receipt's
    `received_at`), or None if the receipt has no such time."""
    try:
        return parse_datetime(str((receipt or {}).get("received_at") or ""))
    except (ValueError, AttributeError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def message_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request.user, pk)
    may_withdraw = (
        access.may_share(request.user)
        and message.direction == Direction.OUTGOING
        and message.kind == Kind.REQUEST
    )
    if request.method == "POST":
        access.require(may_withdraw)
    done, form = submit_form(
        request,
        forms.WithdrawForm(request.POST if request.method == "POST" else None),
        lambda data: services.withdraw_request(acting_user=request.user, message=message, **data),
        success="The withdrawal is on its way to the partner's Podium.",
        to=lambda withdrawal: reverse("exchange:message-detail", args=[withdrawal.pk]),
    )
    if done:
        return done
    return render(
        request,
        "exchange/message_detail.html",
        {
            "m": message,
            # Exactly what travelled: the JSON the body is sent as, laid out to read.
            "body_json": json.dumps(message.body, indent=2, sort_keys=True, ensure_ascii=False),
            "received_at": _received_at(message.receipt),
            "attempts": selectors.attempts(message),
            "sees_contents": access.sees_contents(request.user),
            "withdraw_form": form if may_withdraw else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Answer a partner's request that came over the exchange (Prevent lead, head of
    security): the disclosure goes to the DPO; the answer leaves once signed off."""
    access.require(access.may_share(request.user))
    information_request = sharing_selectors.request_by_id(pk)
    if information_request is None or services.request_message_for(information_request) is None:
        raise Http404
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None,
        initial={"speaker_id": information_request.speaker_id},
    )
    matched = information_request.speaker
    if matched is not None:
        # The number alone means nothing to the person answering: name the match.
        form.fields["speaker_id"].help_text = (
            f"Matched by name in your register: {matched.name} (number {matched.pk}). "
            "Clear it if that is not the same person, or enter another speaker's number."
        )
    done, form = submit_form(
        request,
        form,
        lambda data: services.prepare_answer(
            acting_user=request.user,
            information_request=information_request,
            facts=services.AnswerFacts(**data),
        ),
        success="Your answer is with the DPO for sign-off; it leaves once approved.",
        to=lambda message: reverse("sharing:disclosure-detail", args=[message.disclosure_id]),
    )
    return done or render(
        request,
        "exchange/answer_form.html",
        {"form": form, "r": information_request},
    )
