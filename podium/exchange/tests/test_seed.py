"""`podium seed --exchange-messages N` fills the exchange's lists for the bench."""

from __future__ import annotations

import io
import random

from django.core.management import call_command

from podium.accounts.demo import create_demo
from podium.audit.verify import verify_chain
from podium.core.registry import SeedRun
from podium.exchange import seed, selectors
from podium.exchange.models import DeliveryAttempt, Direction, Kind, Message, MessageState
from podium.sharing.demo import create_sharing_demo


def test_seed_adds_peers_and_messages_in_every_state_linked_and_audited(db):
    create_demo(password="demo-pass-123")
    create_sharing_demo()
    run = SeedRun(
        scale=0,
        rng=random.Random(1),  # noqa: S311 - test data
        options={"exchange_messages": 300},
        write=lambda s: None,
    )
    seed.seed_step(run)
    messages = Message.objects.all()
    assert 300 <= messages.count() <= 301
    assert selectors.peer_page().items
    states = set(messages.values_list("state", flat=True))
    assert {MessageState.DELIVERED, MessageState.QUEUED, MessageState.UNDELIVERED,
            MessageState.ACCEPTED, MessageState.AWAITING_SIGN_OFF} <= states  # fmt: skip
    # Linked as the services link them.
    assert not messages.filter(request=None).exists()
    answers_in = messages.filter(direction=Direction.INCOMING, kind=Kind.ANSWER)
    assert answers_in.exists() and not answers_in.filter(disclosure=None).exists()
    answer_out = messages.filter(direction=Direction.OUTGOING, kind=Kind.ANSWER).first()
    assert answer_out.request.answer_id == answer_out.disclosure_id
    undelivered = messages.filter(state=MessageState.UNDELIVERED).first()
    assert undelivered.last_error
    assert DeliveryAttempt.objects.filter(message=undelivered).count() == undelivered.attempts
    retrying = messages.filter(state=MessageState.QUEUED).first()
    assert retrying.attempts >= 1 and retrying.next_attempt_at is not None
    # Keyset pages, filtered or not.
    first = selectors.message_page()
    assert len(first.items) == 50 and first.next_cursor
    second = selectors.message_page(after=first.next_cursor)
    assert {m.pk for m in first.items}.isdisjoint({m.pk for m in second.items})
    assert all(m.state == "undelivered" for m in selectors.message_page(state="undelivered").items)
    assert verify_chain().intact


def test_the_seed_command_takes_a_message_count(db):
    create_demo(password="demo-pass-123")
    create_sharing_demo()
    call_command("seed", scale=1, years=0, exchange_messages=40, stdout=io.StringIO())
    assert 40 <= Message.objects.count() <= 41
