"""Demo data for the speaker register and its speakers on event requests, made
through the real services after the events demo (`podium.events.demo`): a speaker
who has spoken here across several years, near-duplicate records waiting for a
reviewer to merge (among them "Muhammad al-Hasan" and "Mohamed Al Hassan"), checks
due for renewal, the code of conduct, and an acknowledgement waiting for a speaker.

Idempotent: made only when "Muhammad al-Hasan" is not in the register yet. Past
events are built in the future and moved back with one marked direct update each,
as the events demo does (no service moves an event into the past).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, User
from podium.events import access as events_access
from podium.events import services as events
from podium.events.models import Campus, EventRequest, EventType, ScreeningQuestion
from podium.events.services import ConditionFacts, DecisionFacts, RequestFacts, SpeakerFacts
from podium.events.speakers import acknowledgements
from podium.speakers import services
from podium.speakers.models import CheckSource, CodeOfConduct, Speaker

CODE_OF_CONDUCT = """\
The University of Exampleshire welcomes speakers with a wide range of views. Freedom of \
speech within the law is at the heart of what we do.

As a speaker, we ask you to:

1. Stay within the law: do not incite violence or hatred, or encourage terrorism.
2. Take questions and allow others to disagree with you.
3. Follow the reasonable instructions of the chair and of security staff.
4. Tell the organiser at once about any change to the event or to who will speak.

Lawful views, however controversial, will not be restricted because of their content.
"""
ANCHOR = "Muhammad al-Hasan"


def _at(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, 18, 0))


def _chair() -> DecisionFacts:
    return DecisionFacts(
        outcome="approved_with_conditions",
        rationale="A public lecture on a contested subject: a chair keeps the debate open.",
        conditions=[ConditionFacts(text="Independent chair", owner="Organiser")],
        speech_lawful="yes",
        practicable_steps="An independent chair, and time kept for questions from the floor.",
        proportionality="A chair restricts nothing the speaker may lawfully say.",
        viewpoint_neutral=True,
    )


def _plain() -> DecisionFacts:
    return DecisionFacts(outcome="approved", rationale="Usual arrangements are enough.")


def _past_event(
    organiser: User,
    unit: OrgUnit,
    reviewers: list[User],
    *,
    title: str,
    speaker: Speaker,
    typed_name: str,
    days_ago: int,
    decision: DecisionFacts,
) -> EventRequest:
    starts = _at(30)
    request = events.create_request(
        acting_user=organiser,
        unit=unit,
        facts=RequestFacts(
            title=title,
            description="A lecture for invited guests, followed by questions.",
            event_type=EventType.objects.filter(name="Talk or lecture").first(),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            format="in_person",
            venue_kind="on_campus",
            campus=Campus.objects.first(),
            venue="Lecture Theatre 2",
            expected_audience=150,
            attendance="invited",  # agrees with "no" to "open to the public?"
            speakers=[
                SpeakerFacts(
                    name=typed_name, affiliation="University of Northshire", speaker_id=speaker.pk
                )
            ],
            answers={q.pk: (False, "") for q in ScreeningQuestion.objects.filter(is_active=True)},
        ),
    )
    request = events.submit_request(acting_user=organiser, event_request=request)
    decider = next(r for r in reviewers if events_access.can_act_on(r, request))
    events.decide(acting_user=decider, event_request=request, facts=decision)
    # DIRECT UPDATE, demo only: the event happened `days_ago` days ago.
    past = _at(-days_ago)
    EventRequest.objects.filter(pk=request.pk).update(
        starts_at=past, ends_at=past + timedelta(hours=2)
    )
    return request


def create_speaker_demo() -> int:
    """Add the register's demo data if missing; returns how many speakers were added."""
    if Speaker.objects.filter(name=ANCHOR).exists():
        return 0
    emails = [persona.email for persona in PERSONAS]
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__in=emails)}
    admin, prevent, organiser = people["admin"], people["prevent.lead"], people["organiser"]
    reviewers = [people[h] for h in ("events.officer", "su.events", "prevent.lead", "panel")]
    history = OrgUnit.objects.get(name="Department of History")
    today = timezone.localdate()
    sources = list(CheckSource.objects.filter(is_active=True))
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        if not CodeOfConduct.objects.exists():
            services.publish_code_of_conduct(acting_user=admin, text=CODE_OF_CONDUCT)

        def add(name: str, **facts: object) -> Speaker:
            return services.create_speaker(
                acting_user=prevent,
                facts=services.SpeakerFacts(name=name, **facts),  # type: ignore[arg-type]
            )

        hasan = add(
            ANCHOR,
            other_names=["Muhammad Hasan"],
            affiliations="University of Northshire\nCentre for Middle East Studies",
            links="https://example.org/staff/m-al-hasan",
            email="m.alhasan@northshire.example",
        )
        # Near-duplicates a reviewer should find and merge (and one who is not the same).
        add("Mohamed Al Hassan", affiliations="Northshire University")
        add("Yusuf Ahmed", affiliations="Exampleshire Interfaith Forum")
        add("Yousef Ahmad", affiliations="Exampleshire Interfaith Forum")
        add("Muhammad Ali Khan", affiliations="Campaign for Open Debate")
        made = 5
        # Spoke here across three years: twice with a chair, once without.
        for title, days_ago, decision in [
            ("Islamic philosophy and the Enlightenment", 760, _chair()),
            ("Religion in public life", 400, _chair()),
            ("Medieval Baghdad: a house of wisdom", 60, _plain()),
        ]:
            _past_event(
                organiser,
                history,
                reviewers,
                title=title,
                speaker=hasan,
                typed_name=ANCHOR if days_ago != 400 else "Dr M. al-Hasan",
                days_ago=days_ago,
                decision=decision,
            )
        services.record_check(
            acting_user=prevent,
            speaker=hasan,
            sources=sources,
            checked_on=today - timedelta(days=20),
            findings="Academic publications on medieval philosophy; no adverse coverage found.",
            references="https://example.org/staff/m-al-hasan\nNorthshire Gazette, 3 May",
        )
        # Checks due for renewal: an older check on each of two speakers.
        for name in ("Prof. Karl Fischer", "Yusuf Ahmed"):
            speaker = Speaker.objects.filter(name=name, merged_into__isnull=True).first()
            if speaker is None:
                continue
            services.record_check(
                acting_user=prevent,
                speaker=speaker,
                sources=sources[:2],
                checked_on=today - timedelta(days=430),
                findings="Publications and news coverage reviewed; nothing of concern.",
                recheck_after=today - timedelta(days=65),
            )
        # An acknowledgement waiting for the speaker.
        nationalism = EventRequest.objects.filter(title="Nationalism in modern Europe").first()
        link = nationalism.speakers.filter(speaker__isnull=False).first() if nationalism else None
        if nationalism is not None and link is not None and link.speaker is not None:
            # The link goes only to the address on record, which a reviewer keeps.
            speaker = services.update_speaker(
                acting_user=prevent,
                speaker=link.speaker,
                facts=services.SpeakerFacts(email="k.fischer@example.org"),
            )
            acknowledgements.send_acknowledgement(
                acting_user=nationalism.organiser, event_request=nationalism, speaker=speaker
            )
    return made


def demo_step(password: str) -> list[str]:
    """The speaker register's part of `podium demo`."""
    speakers = create_speaker_demo()
    return [f"Added {speakers} demo speakers to the register."] if speakers else []
