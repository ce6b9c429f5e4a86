"""Bulk event requests for `podium seed`: ten academic years of the English sector's
reported volume in one instance (QUALITY.md: ~42,500 events a year, ~1.4 speakers
each), written with bulk inserts in chunks.

Volume follows `--scale` (people): 0.425 requests per person per year, so
`--scale 100000` gives ~425,000 requests. Shares are typical of published
returns: most approved, ~3% with conditions, under 1% rejected, ~2% withdrawn, a
few lapsed or cancelled. Events still to come have drafts and requests in review,
spread over the review steps' queues. Each request gets the audit entries the
services would have written (created, submitted, the outcome), chained by
`bulk_record`. Not seeded: screening answers, notes, post-event reports and inbox
messages (volume no page lists at scale).

Names and references are synthetic (`EV-<year>-S…`), so the volume is obvious.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, RoleAssignment, User
from podium.accounts.roles import Role
from podium.audit.services import bulk_record
from podium.core import academic_year
from podium.core.registry import SeedRun
from podium.events.models import (
    Appeal,
    Campus,
    Condition,
    Decision,
    EventRequest,
    EventSpeaker,
    EventType,
    InformationRequest,
    Mitigation,
    RiskLevel,
    RoutingRule,
    RoutingStep,
    Status,
)

REQUESTS_PER_PERSON_PER_YEAR = 0.425
YEARS = 10
CHUNK = 10_000

# Shares of outcomes for events whose date has passed (they sum to 1).
PAST_SHARES = [
    (Status.APPROVED, 0.925),
    (Status.APPROVED_WITH_CONDITIONS, 0.03),
    (Status.REJECTED, 0.007),
    (Status.WITHDRAWN, 0.02),
    (Status.LAPSED, 0.008),
    (Status.CANCELLED, 0.01),
]
# Events still to come: some not yet submitted or decided.
FUTURE_SHARES = [
    (Status.DRAFT, 0.06),
    (Status.IN_REVIEW, 0.14),
    (Status.INFORMATION_REQUESTED, 0.015),
    (Status.APPEALED, 0.002),
    (Status.APPROVED, 0.713),
    (Status.APPROVED_WITH_CONDITIONS, 0.03),
    (Status.REJECTED, 0.007),
    (Status.WITHDRAWN, 0.02),
    (Status.CANCELLED, 0.013),
]
LEVEL_SHARES = [(1, 0.85), (2, 0.12), (3, 0.03)]
SPEAKER_COUNTS = [(1, 0.70), (2, 0.20), (3, 0.07), (4, 0.03)]  # mean ~1.43
OUTCOMES = {
    Status.REJECTED.value: "rejected",
    Status.APPEALED.value: "rejected",
    Status.APPROVED_WITH_CONDITIONS.value: "approved_with_conditions",
}
# The last entry of a request that ended other than by a decision: (action, by whom).
FINAL_ACTIONS = {
    Status.WITHDRAWN.value: ("events.request.withdrawn", "organiser"),
    Status.LAPSED.value: ("events.request.lapsed", "system"),
    Status.CANCELLED.value: ("events.request.cancelled", "organiser"),
    Status.APPEALED.value: ("events.request.appealed", "organiser"),
    Status.INFORMATION_REQUESTED.value: ("events.request.information_requested", "reviewer"),
}
DECIDED = (Status.APPROVED, Status.APPROVED_WITH_CONDITIONS, Status.REJECTED, Status.CANCELLED)
TOPICS = [
    "Climate and the city",
    "Free speech on campus",
    "Careers in law",
    "Poetry evening",
    "The future of the NHS",
    "Ethics of artificial intelligence",
    "Faith and public life",
    "Migration and belonging",
    "Film night",
    "Economics of housing",
    "Women in engineering",
    "Debate: the monarchy",
]
VENUES = ["Lecture Theatre 1", "Great Hall", "Seminar Room 4", "Students' Union Bar", "Library"]
SPEAKER_NAMES = ["Dr A. Speaker", "Prof. B. Visitor", "Ms C. Guest", "Mr D. Author", "Dr E. Critic"]


def _pick(rng: random.Random, shares: list[tuple[Any, float]]) -> Any:
    r = rng.random()
    for value, share in shares:
        r -= share
        if r < 0:
            return value
    return shares[-1][0]


def academic_year_start(day: date) -> date:
    return date(academic_year.start_of(day), 8, 1)


@dataclass
class Context:
    rng: random.Random
    now: datetime
    organisers: list[tuple[int, int]]  # (user pk, unit pk)
    heavy_organiser: tuple[int, int] | None  # the demo organiser: a long list
    reviewers: dict[str, User]
    root: OrgUnit
    units: dict[int, OrgUnit]
    levels: dict[int, RiskLevel]
    event_types: list[EventType]
    campuses: list[Campus]
    mitigations: list[Mitigation]
    steps: dict[tuple[int | None, str], RoutingStep]  # (level pk, role) -> step
    rules: dict[int | None, RoutingRule]  # level pk -> rule
    users: dict[int, User] = field(default_factory=dict)


def _context(rng: random.Random) -> Context:
    root = OrgUnit.objects.get(parent__isnull=True)
    organisers = list(
        RoleAssignment.objects.current()
        .filter(role=Role.ORGANISER, user__email__endswith="@seed.example.ac.uk")
        .values_list("user_id", "unit_id")
    )
    demo = {p.local_part: p.email for p in PERSONAS}
    people = {u.email: u for u in User.objects.filter(email__in=demo.values())}
    fallback = User.objects.order_by("pk").first()
    if fallback is None:
        raise ValueError("There is nobody to organise events: run `podium demo` first.")

    def persona(local: str) -> User:
        return people.get(demo.get(local, ""), fallback)

    heavy = (
        RoleAssignment.objects.current()
        .filter(role=Role.ORGANISER, user__email=demo.get("organiser", ""))
        .values_list("user_id", "unit_id")
        .first()
    )
    if not organisers:
        organisers = [heavy] if heavy else [(fallback.pk, root.pk)]
    unit_ids = {unit for _, unit in organisers} | ({heavy[1]} if heavy else set())
    levels = {level.rank: level for level in RiskLevel.objects.all()}
    rules = {r.risk_level_id: r for r in RoutingRule.objects.filter(unit__isnull=True)}
    steps = {
        (s.rule.risk_level_id, s.role): s
        for s in RoutingStep.objects.select_related("rule").filter(rule__in=rules.values())
    }
    campuses = list(Campus.objects.filter(is_active=True))
    if not campuses:
        campuses = [
            Campus.objects.get_or_create(name=name)[0]
            for name in ("City campus", "Riverside campus")
        ]
    return Context(
        rng=rng,
        now=timezone.now(),
        organisers=organisers,
        heavy_organiser=heavy,
        reviewers={
            "events_officer": persona("events.officer"),
            "prevent_lead": persona("prevent.lead"),
            "escalation_panel": persona("panel"),
            "appeal_decider": persona("appeals"),
        },
        root=root,
        units={u.pk: u for u in OrgUnit.objects.filter(pk__in=unit_ids)},
        levels=levels,
        event_types=list(EventType.objects.filter(is_active=True)),
        campuses=campuses,
        mitigations=list(Mitigation.objects.filter(is_active=True)),
        steps=steps,
        rules=rules,
        users={
            **{u.pk: u for u in User.objects.filter(pk__in={pk for pk, _ in organisers})},
            **{u.pk: u for u in people.values()},
        },
    )


def _request(ctx: Context, *, number: int, created: datetime, heavy: bool) -> EventRequest:
    rng = ctx.rng
    organiser, unit = (
        ctx.heavy_organiser if heavy and ctx.heavy_organiser else rng.choice(ctx.organisers)
    )
    starts = created + timedelta(days=rng.randint(15, 120), hours=rng.randint(0, 10))
    starts = starts.replace(minute=0, second=0, microsecond=0)
    status = _pick(rng, PAST_SHARES if starts < ctx.now else FUTURE_SHARES)
    level = ctx.levels.get(_pick(rng, LEVEL_SHARES))
    request = EventRequest(
        reference=f"EV-{created.year}-S{number:07d}",
        status=status,
        title=f"{rng.choice(TOPICS)} ({number})",
        description="Seeded event request.",
        event_type=rng.choice(ctx.event_types) if ctx.event_types else None,
        unit_id=unit,
        organiser_id=organiser,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        campus=rng.choice(ctx.campuses),
        venue=rng.choice(VENUES),
        expected_audience=int(rng.lognormvariate(4.3, 0.8)),
        attendance=rng.choice(["members", "invited", "public"]),
        suggested_level=level,
        routing_rule=ctx.rules.get(level.pk) if level else None,
        notice_required_days=10,
        created_at=created,
        updated_at=created,
    )
    if status != Status.DRAFT:
        submitted = created + timedelta(hours=rng.randint(1, 72))
        request.submitted_at = submitted
        request.updated_at = submitted
        request.notice_given_days = max(0, (starts - submitted).days * 5 // 7)
        if status in (*DECIDED, Status.APPEALED):
            # When it was decided; `_decision` reads it back once the request has a pk.
            request.updated_at = submitted + timedelta(days=rng.randint(1, 8))
    if status in (Status.IN_REVIEW, Status.INFORMATION_REQUESTED, Status.APPEALED):
        _wait(ctx, request, level)
    return request


def _wait(ctx: Context, request: EventRequest, level: RiskLevel | None) -> None:
    """Place a request in a reviewer's queue, as `_place_at_step` would."""
    rank = level.rank if level else 1
    if request.status == Status.APPEALED:
        role = Role.APPEAL_DECIDER
    elif rank == 1:
        role = Role.EVENTS_OFFICER if ctx.rng.random() < 0.85 else Role.PREVENT_LEAD
    elif rank == 2:
        role = Role.PREVENT_LEAD if ctx.rng.random() < 0.85 else Role.ESCALATION_PANEL
    else:
        role = Role.PREVENT_LEAD if ctx.rng.random() < 0.5 else Role.ESCALATION_PANEL
    assert request.submitted_at is not None
    request.waiting_role = role
    request.waiting_unit_id = request.unit_id
    request.current_step = ctx.steps.get((level.pk, role)) if level else None
    since = min(ctx.now, request.submitted_at + timedelta(days=ctx.rng.randint(0, 5)))
    request.waiting_since = since
    request.due_on = (since + timedelta(days=7)).date()


def _decision(ctx: Context, request: EventRequest) -> Decision:
    rank = request.suggested_level.rank if request.suggested_level else 1
    role = Role.EVENTS_OFFICER if rank == 1 else Role.PREVENT_LEAD
    decided = request.updated_at
    outcome = OUTCOMES.get(str(request.status), "approved")
    restricts = outcome != "approved"
    return Decision(
        request=request,
        outcome=outcome,
        decided_by=ctx.reviewers[role],
        decided_at=decided,
        acting_as=role,
        rationale="Seeded decision: usual arrangements."
        if not restricts
        else "Seeded decision: see the free-speech record.",
        speech_lawful="yes" if restricts else "",
        practicable_steps="Seeded: steps considered." if restricts else "",
        proportionality="Seeded: proportionate." if restricts else "",
        viewpoint_neutral=restricts,
        rejection_category="health_and_safety" if outcome == "rejected" else "",
        rejection_reason="Seeded: the venue could not hold the audience safely."
        if outcome == "rejected"
        else "",
    )


def _chunk(ctx: Context, *, first_number: int, created: list[datetime], heavy_every: int) -> int:
    """Write one chunk of requests and everything hanging off them, in one transaction."""
    rng = ctx.rng
    with transaction.atomic():
        requests = [
            _request(
                ctx,
                number=first_number + i,
                created=moment,
                heavy=heavy_every > 0 and (first_number + i) % heavy_every == 0,
            )
            for i, moment in enumerate(created)
        ]
        EventRequest.objects.bulk_create(requests, batch_size=2000)
        speakers = [
            EventSpeaker(
                request=r,
                name=f"{rng.choice(SPEAKER_NAMES)} {r.pk}-{n}",
                affiliation="Seeded University",
                position=n,
            )
            for r in requests
            for n in range(_pick(rng, SPEAKER_COUNTS))
        ]
        EventSpeaker.objects.bulk_create(speakers, batch_size=5000)
        decided = [r for r in requests if r.status in (*DECIDED, Status.APPEALED)]
        decisions = [_decision(ctx, r) for r in decided]
        Decision.objects.bulk_create(decisions, batch_size=2000)
        conditions = []
        for decision in decisions:
            if decision.outcome != "approved_with_conditions":
                continue
            for mitigation in rng.sample(ctx.mitigations, k=min(len(ctx.mitigations), 2)):
                started = decision.request.starts_at
                confirmed = started is not None and started < ctx.now
                conditions.append(
                    Condition(
                        decision=decision,
                        mitigation=mitigation,
                        text=mitigation.name,
                        prevent_related=mitigation.prevent_related,
                        owner=mitigation.default_owner or "Organiser",
                        confirmed_at=started - timedelta(days=1) if confirmed and started else None,
                        confirmed_by_id=decision.request.organiser_id if confirmed else None,
                    )
                )
        Condition.objects.bulk_create(conditions, batch_size=5000)
        asker = ctx.reviewers["events_officer"]
        InformationRequest.objects.bulk_create(
            [
                InformationRequest(
                    request=r,
                    question="Seeded: who will chair the questions?",
                    asked_by=asker,
                    asked_at=r.waiting_since or ctx.now,
                )
                for r in requests
                if r.status == Status.INFORMATION_REQUESTED
            ]
        )
        Appeal.objects.bulk_create(
            [
                Appeal(
                    request=d.request,
                    against=d,
                    grounds="Seeded: we have found a larger venue.",
                    lodged_by_id=d.request.organiser_id,
                )
                for d in decisions
                if d.request.status == Status.APPEALED
            ]
        )
        bulk_record(entries=_audit(ctx, requests, decisions))
    return len(requests)


def _audit(
    ctx: Context, requests: list[EventRequest], decisions: list[Decision]
) -> list[dict[str, Any]]:
    """The entries the services would have written, in the order they would have."""
    decided = {d.request_id: d for d in decisions}
    entries: list[dict[str, Any]] = []
    for r in requests:
        actor = ctx.users[r.organiser_id]
        unit = ctx.units.get(r.unit_id) or OrgUnit(pk=r.unit_id)
        entries.append(
            {"action": "events.request.created", "actor": actor, "target": r, "unit": unit}
        )
        if r.status == Status.DRAFT:
            continue
        entries.append(
            {"action": "events.request.submitted", "actor": actor, "target": r, "unit": unit}
        )
        decision = decided.get(r.pk)
        if decision is not None:
            entries.append(
                {
                    "action": "events.request.decided",
                    "actor": decision.decided_by,
                    "target": r,
                    "unit": unit,
                    "data": {"outcome": decision.outcome},
                }
            )
        if r.status in FINAL_ACTIONS:
            action, by = FINAL_ACTIONS[r.status]
            who = {"organiser": actor, "reviewer": ctx.reviewers["events_officer"]}.get(by)
            entries.append({"action": action, "actor": who, "target": r, "unit": unit})
    return entries


def seed_events(
    *,
    scale: int,
    rng: random.Random,
    years: int = YEARS,
    progress: Callable[[str], object] | None = None,
) -> int:
    """Add ten academic years of event requests for `scale` people; returns how many."""
    ctx = _context(rng)
    per_year = max(1, round(scale * REQUESTS_PER_PERSON_PER_YEAR))
    # The demo organiser gets one request in 500: a long "my requests" list to bench.
    heavy_every = 500 if per_year * years >= 5000 else 0
    number = EventRequest.objects.count() + 1
    this_year = academic_year_start(timezone.localdate())
    total = 0
    for back in range(years - 1, -1, -1):
        start = date(this_year.year - back, 8, 1)
        begins = timezone.make_aware(datetime(start.year, start.month, start.day))
        # The current year has only happened up to now: its share so far.
        span = (
            (ctx.now - begins).total_seconds()
            if back == 0
            else (timezone.make_aware(datetime(start.year + 1, 8, 1)) - begins).total_seconds()
        )
        count = per_year if back else max(1, round(per_year * span / (365 * 86400)))
        moments = sorted(begins + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
        for offset in range(0, count, CHUNK):
            total += _chunk(
                ctx,
                first_number=number,
                created=moments[offset : offset + CHUNK],
                heavy_every=heavy_every,
            )
            number += len(moments[offset : offset + CHUNK])
        if progress:
            progress(f"  {start.year}/{start.year + 1 - 2000:02d}: {count} requests")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return total


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--years",
        type=int,
        default=YEARS,
        help="Academic years of event requests (0.425 a person a year; 0 for none).",
    )


def seed_step(run: SeedRun) -> None:
    """The events part of `podium seed` (`--years`)."""
    years = run.options.get("years", YEARS)
    if years > 0:
        started = time.monotonic()
        requests = seed_events(scale=run.scale, rng=run.rng, years=years, progress=run.write)
        run.write(f"Seeded {requests} event requests in {time.monotonic() - started:.0f}s.")
