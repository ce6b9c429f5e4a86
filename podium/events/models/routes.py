"""A request's way along its route: the recommendations made at sequential steps
before the last one decides (podium/events/README.md, "Routes").

A recommendation is not a decision: it changes no status, is never counted as a
decision (reporting reads `Decision`), and is kept with the same record a decision
has — who, when, as what, the outcome recommended, its conditions and the
free-speech reasoning — so the final decider reads it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData
from podium.events.models.policy import Mitigation, RoutingStep
from podium.events.models.requests import (
    REQUEST_RETENTION,
    EventRequest,
    FreeSpeechRecord,
    Outcome,
)


class Recommendation(FreeSpeechRecord):
    """An approval (with or without conditions) at a sequential step that is not the
    last: the request moves on to the next step. One live recommendation per request
    and step position; a re-approval retires them (`is_live=False`, `retired_at`)."""

    request = models.ForeignKey(
        EventRequest, on_delete=models.CASCADE, related_name="recommendations"
    )
    step = models.ForeignKey(
        RoutingStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The step as it was when the recommendation was made (policy edits move on).
    position = models.PositiveSmallIntegerField()
    step_name = models.CharField(max_length=200)
    outcome = models.CharField(max_length=32, choices=Outcome.choices)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recommended_at = models.DateTimeField(default=timezone.now)
    acting_as = models.CharField(max_length=32, choices=Role.choices, blank=True)
    rationale = models.TextField()
    is_live = models.BooleanField(default=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REQUEST_RETENTION,
        fields=("recommended_by", "rationale"),
    )

    class Meta:
        ordering = ["request", "position", "recommended_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"],
                condition=Q(is_live=True),
                name="recommendation_one_live_per_step",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=("approved", "approved_with_conditions")),
                name="recommendation_is_an_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} recommended at step {self.position}"


class RecommendedCondition(models.Model):
    """A condition recommended at an earlier step: the final decider sees it as a
    suggestion and decides which to keep."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="conditions"
    )
    mitigation = models.ForeignKey(
        Mitigation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=500)
    owner = models.CharField(max_length=100)
    prevent_related = models.BooleanField(default=False)

    # Like a decision's conditions: what is to be done and by which office, about
    # the event, not a person; it goes with its recommendation (and the request).
    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["recommendation", "pk"]

    def __str__(self) -> str:
        return self.text
