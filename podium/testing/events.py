"""Factories for event requests in tests: a complete request, answered so that its
suggested level is the one asked for, and moved along the lifecycle."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.events import services
from podium.events.models import Campus, EventRequest, EventType, ScreeningQuestion
from podium.events.services import (
    ConditionFacts,
    DecisionFacts,
    RequestFacts,
    SpeakerFacts,
)


def restore_default_policy() -> None:
    """Re-create the starting policy of migration events 0002 (after a transactional
    test's flush emptied it)."""
    from django.apps import apps

    migration = importlib.import_module("podium.events.migrations.0002_default_policy")
    migration.create(apps, None)
    importlib.import_module(
        "podium.events.migrations.0014_question_attendance"
    ).tie_public_question(apps, None)
    importlib.import_module(
        "podium.events.migrations.0017_route_step_kinds_and_recommendations"
    ).keep_todays_routes(apps, None)


# The default policy's questions, by the level a "yes" to them reaches.
HIGH_RISK_QUESTION = "linked to a proscribed organisation"  # likelihood +2, impact +1
PUBLIC_QUESTION = "open to the public"  # impact +1


# A "yes" to the questions containing these words gives the default matrix's level.
YES_WORDS: dict[str, set[str]] = {
    "Low": set(),
    "Medium": {"controversy", "open to the public"},
    "High": {"proscribed", "media interest"},
}


def answers_for(level: str = "Low") -> dict[int, tuple[bool, str]]:
    """Answers giving the default matrix's `level` (Low, Medium or High)."""
    yes = YES_WORDS[level]
    return {
        q.pk: (any(word in q.text for word in yes), "")
        for q in ScreeningQuestion.objects.filter(is_active=True)
    }


def complete_facts(
    *, starts_at: datetime | None = None, level: str = "Low", **overrides: object
) -> RequestFacts:
    starts = starts_at or timezone.now() + timedelta(days=60)
    campus, _ = Campus.objects.get_or_create(name="Main campus")
    facts = RequestFacts(
        title="The future of free speech",
        description="A talk followed by questions from the floor.",
        event_type=EventType.objects.filter(name="Talk or lecture").first()
        or EventType.objects.first(),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        format="in_person",
        venue_kind="on_campus",
        campus=campus,
        venue="Great Hall",
        expected_audience=120,
        # Agrees with the answer to "Is the event open to the public?".
        attendance="public" if PUBLIC_QUESTION in YES_WORDS[level] else "members",
        speakers=[SpeakerFacts(name="Dr Jane Example", affiliation="University of Elsewhere")],
        answers=answers_for(level),
    )
    for name, value in overrides.items():
        setattr(facts, name, value)
    return facts


def make_request(
    *,
    organiser: User,
    unit: OrgUnit,
    submit: bool = False,
    level: str = "Low",
    late_reason: str = "",
    **overrides: Any,
) -> EventRequest:
    request = services.create_request(
        acting_user=organiser,
        unit=unit,
        facts=complete_facts(level=level, **overrides),
    )
    if submit:
        request = services.submit_request(
            acting_user=organiser, event_request=request, late_reason=late_reason
        )
    return request


def approval(*, conditions: bool = False) -> DecisionFacts:
    if not conditions:
        return DecisionFacts(outcome="approved", rationale="Usual arrangements are enough.")
    return DecisionFacts(
        outcome="approved_with_conditions",
        rationale="A public event with a known controversy: a chair keeps the debate open.",
        conditions=[
            ConditionFacts(text="Independent chair", owner="Organiser", prevent_related=True)
        ],
        speech_lawful="yes",
        practicable_steps="An independent chair, and time kept for questions from the floor.",
        proportionality="A chair restricts nothing the speaker may lawfully say.",
        viewpoint_neutral=True,
    )


def rejection() -> DecisionFacts:
    return DecisionFacts(
        outcome="rejected",
        rationale="The venue cannot hold the audience safely.",
        speech_lawful="yes",
        practicable_steps="A larger venue, which is not available on the date.",
        proportionality="No other date or venue was offered by the organiser.",
        viewpoint_neutral=True,
        rejection_category="health_and_safety",
        rejection_reason="The expected audience is three times the room's capacity.",
    )
