"""Demo briefing: the published text, three more student organisers (briefed by a
session, briefed online and expiring soon, lapsed) besides the demo's own student
organiser, Sam Okafor, who is not briefed: a new request of his to a type or
level that needs the briefing is stopped at submission until he completes it.
Requests already submitted are never re-checked. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from podium.accounts import services as accounts_services
from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, RoleAssignment, User
from podium.accounts.roles import Role
from podium.training.models import BriefingCompletion, BriefingMethod, BriefingVersion
from podium.training.rules import add_months

BODY = """Societies run hundreds of events a year, and almost all go ahead as planned. \
This briefing explains what the university and the students' union ask of you as an \
event organiser, and why.

Free speech comes first. The starting point is that your event goes ahead. The \
university may attach conditions, such as a chair or stewards, but must have \
recorded reasons, and cannot refuse an event because its views are offensive or \
unpopular.

Plan ahead. Submit your request with the notice your event type needs, name every \
external speaker, and answer the screening questions honestly: they suggest a risk \
level that a person then reviews.

Prevent. If something about a speaker or attendee worries you, Notice, Check, Share: \
talk to the students' union or use "Share a concern" in Podium. You are not expected \
to investigate.

On the day: follow the conditions of approval, keep to the venue's capacity, and \
report any incident within two working days."""

# (e-mail local part, name, society, how briefed, days ago, validity months)
STUDENTS = [
    ("aisha.rahman", "Aisha Rahman", "Islamic Society", BriefingMethod.SESSION, 40, 12),
    ("daniel.levy", "Daniel Levy", "Jewish Society", BriefingMethod.ONLINE, 345, 12),
    ("grace.obi", "Grace Obi", "Christian Union", BriefingMethod.SESSION, 400, 12),
    ("tom.price", "Tom Price", "Film Society", None, 0, 0),
]


def _domain() -> str:
    return next(p for p in PERSONAS if p.local_part == "student.organiser").email.split("@")[1]


@transaction.atomic
def create_briefing_demo(password: str) -> int:
    su_reviewer = User.objects.get(
        email=next(p for p in PERSONAS if p.local_part == "su.events").email
    )
    version = BriefingVersion.objects.order_by("-number").first()
    if version is None:
        version = BriefingVersion.objects.create(
            number=1,
            title="Organising student events: your briefing",
            body=BODY,
            valid_for_months=12,
            remind_days_before=30,
            published_by=su_reviewer,
            published_at=timezone.now() - timedelta(days=500),
        )
    added = 0
    today = timezone.localdate()
    for local, name, society, method, days_ago, months in STUDENTS:
        email = f"{local}@{_domain()}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = accounts_services.create_user(
                acting_user=None, email=email, full_name=name, password=password
            )
        unit = OrgUnit.objects.get(name=society)
        if (
            not RoleAssignment.objects.current()
            .filter(user=user, role=Role.ORGANISER, unit=unit)
            .exists()
        ):
            accounts_services.grant_role(
                acting_user=None,
                user=user,
                role=Role.ORGANISER,
                unit=unit,
                include_descendants=False,
            )
        if method is None or BriefingCompletion.objects.filter(student=user).exists():
            continue
        completed_on = today - timedelta(days=days_ago)
        BriefingCompletion.objects.create(
            student=user,
            version=version,
            method=method,
            completed_on=completed_on,
            valid_until=add_months(completed_on, months),
            recorded_by=su_reviewer if method == BriefingMethod.SESSION else user,
        )
        added += 1
    return added


def demo_step(password: str) -> list[str]:
    added = create_briefing_demo(password)
    if not added:
        return []
    return [
        f"Added the student organiser briefing and {added} briefed students "
        "(Sam Okafor is not briefed)."
    ]
