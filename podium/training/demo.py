"""Demo staff training for the University of Exampleshire: staff groups, the usual
Prevent courses, who must hold them, and staff who are compliant, due soon,
overdue and never trained across several units. Every demo reviewer holds Prevent
awareness in date, so the events demo can still decide. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.training.models import (
    Completion,
    Course,
    Requirement,
    ReturnCategory,
    Source,
    StaffGroup,
    StaffMember,
)
from podium.training.services import refresh_status

GROUPS = [
    "Academic",
    "Chaplaincy",
    "Library and IT",
    "Professional services",
    "Residences",
    "Security",
    "Student support",
    "Students' union",
]

# (name, code, provider, category, validity in months, required to decide)
COURSES = [
    ("Prevent awareness", "HO-PREVENT-AWARE", "Home Office", ReturnCategory.INDUCTION, 24, True),
    ("Prevent referrals", "HO-PREVENT-REFER", "Home Office", ReturnCategory.INDUCTION, 36, False),
    ("Channel awareness", "HO-CHANNEL", "Home Office", ReturnCategory.BROADER, 36, False),
    ("WRAP workshop", "WRAP", "Exampleshire Prevent team", ReturnCategory.INDUCTION, None, False),
    (
        "Exampleshire Prevent induction",
        "EX-INDUCTION",
        "Exampleshire",
        ReturnCategory.INDUCTION,
        None,
        False,
    ),
    (
        "Exampleshire Prevent refresher",
        "EX-REFRESHER",
        "Exampleshire",
        ReturnCategory.REFRESHER,
        12,
        False,
    ),
    (
        "Safeguarding essentials",
        "EX-SAFEGUARDING",
        "Exampleshire",
        ReturnCategory.BROADER,
        36,
        False,
    ),
]

# Every reviewer (and the Prevent and safeguarding leads) must hold Prevent awareness.
REVIEWING_ROLES = [
    Role.SU_REVIEWER,
    Role.EVENTS_OFFICER,
    Role.PREVENT_LEAD,
    Role.ESCALATION_PANEL,
    Role.APPEAL_DECIDER,
    Role.SAFEGUARDING_OFFICER,
]

# Demo people's staff groups (by e-mail local part); others are "Professional services".
PERSONA_GROUPS = {
    "organiser": "Academic",
    "events.officer": "Professional services",
    "su.events": "Students' union",
    "security": "Security",
    "panel": "Academic",
    "appeals": "Academic",
    "safeguarding": "Student support",
    "manager": "Academic",
    "research": "Academic",
}

# Extra staff: (name, unit, group, months since their last Prevent awareness, or None)
STAFF = [
    ("Hannah Wright", "Department of History", "Academic", 6),
    ("Omar Siddiqui", "Department of History", "Academic", 23),
    ("Grace Lewis", "Department of History", "Academic", 30),
    ("Ben Carter", "Department of History", "Academic", None),
    ("Chloe Adams", "Department of Philosophy", "Academic", 11),
    ("Ravi Patel", "Department of Philosophy", "Academic", 26),
    ("Ellie Turner", "Department of Computer Science", "Library and IT", 3),
    ("Jack Thompson", "Department of Computer Science", "Library and IT", None),
    ("Zara Khan", "Department of Chemistry", "Academic", 23),
    ("Liam O'Brien", "Department of Chemistry", "Academic", 14),
    ("Sophie Martin", "Campus Security", "Security", 2),
    ("Dan Roberts", "Campus Security", "Security", 25),
    ("Kwame Mensah", "Campus Security", "Security", 23),
    ("Amy Walsh", "Campus Security", "Security", None),
    ("Nadia Hussain", "Student Wellbeing", "Student support", 8),
    ("Peter Byrne", "Student Wellbeing", "Chaplaincy", 28),
    ("Lucy Green", "Student Wellbeing", "Residences", 23),
    ("Josh Evans", "Student Wellbeing", "Residences", None),
    ("Maya Cohen", "Exampleshire Students' Union", "Students' union", 5),
    ("Tariq Aziz", "Exampleshire Students' Union", "Students' union", 31),
]


def _unit(units: dict[str, OrgUnit], name: str) -> OrgUnit:
    return units.get(name) or OrgUnit.objects.get(parent__isnull=True)


def _staff(
    number: str, name: str, email: str, unit: OrgUnit, group: StaffGroup, **extra: object
) -> StaffMember:
    staff, _ = StaffMember.objects.get_or_create(
        staff_number=number,
        defaults={
            "full_name": name,
            "email": email,
            "unit": unit,
            "group": group,
            "started_on": date(2019, 9, 2),
            **extra,
        },
    )
    return staff


def _completed(staff: StaffMember, course: Course, on: date) -> None:
    Completion.objects.get_or_create(
        staff=staff, course=course, completed_on=on, defaults={"source": Source.SEED}
    )


@transaction.atomic
def create_training_demo() -> int:
    """Returns how many demo staff there are."""
    today = timezone.localdate()
    groups = {name: StaffGroup.objects.get_or_create(name=name)[0] for name in GROUPS}
    courses: dict[str, Course] = {}
    for name, code, provider, category, months, decide in COURSES:
        courses[code], _ = Course.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "provider": provider,
                "category": category,
                "validity_months": months,
                "required_to_decide": decide,
            },
        )
    awareness = courses["HO-PREVENT-AWARE"]
    for group in groups.values():
        Requirement.objects.get_or_create(
            course=awareness,
            group=group,
            defaults={"due_within_days": 30, "renew_every_months": 24, "window_days": 60},
        )
    for role in REVIEWING_ROLES:
        Requirement.objects.get_or_create(
            course=awareness,
            role=role,
            defaults={"due_within_days": 30, "renew_every_months": 24, "window_days": 60},
        )
    for role in (Role.PREVENT_LEAD, Role.SAFEGUARDING_OFFICER):
        Requirement.objects.get_or_create(
            course=courses["HO-PREVENT-REFER"],
            role=role,
            defaults={"due_within_days": 90, "renew_every_months": 36, "window_days": 90},
        )
    for name in ("Security", "Student support"):
        Requirement.objects.get_or_create(
            course=courses["EX-REFRESHER"],
            group=groups[name],
            defaults={"due_within_days": 365, "renew_every_months": 12, "window_days": 30},
        )

    units = {u.name: u for u in OrgUnit.objects.all()}
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for p in PERSONAS])}
    manager = None
    for n, persona in enumerate(PERSONAS, start=1):
        user = users.get(persona.email)
        group = groups[PERSONA_GROUPS.get(persona.local_part, "Professional services")]
        staff = _staff(
            f"D{n:04d}",
            persona.full_name,
            persona.email,
            _unit(units, persona.unit),
            group,
            user=user,
        )
        if persona.local_part == "manager":
            manager = staff
        # Demo people are trained and in date: 100 days ago, well inside two years.
        _completed(staff, awareness, today - timedelta(days=100))
        if persona.role in (Role.PREVENT_LEAD, Role.SAFEGUARDING_OFFICER):
            _completed(staff, courses["HO-PREVENT-REFER"], today - timedelta(days=200))
    for n, (name, unit_name, group_name, months) in enumerate(STAFF, start=1):
        email = name.lower().replace(" ", ".").replace("'", "") + "@example.ac.uk"
        staff = _staff(
            f"E{n:04d}",
            name,
            email,
            _unit(units, unit_name),
            groups[group_name],
            line_manager=manager if unit_name == "Department of History" else None,
        )
        if months is not None:
            _completed(staff, awareness, today - timedelta(days=months * 30 + 10))
        if group_name == "Security":
            _completed(staff, courses["HO-CHANNEL"], today - timedelta(days=400))
    refresh_status()
    return StaffMember.objects.filter(staff_number__regex=r"^[DE]\d{4}$").count()


def demo_step(password: str) -> list[str]:
    """The training part of `podium demo` (before the events demo: its reviewers
    decide, which needs their training in date)."""
    staff = create_training_demo()
    return [f"{staff} demo staff have training records."] if staff else []
