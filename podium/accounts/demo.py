"""The demo institution: "University of Exampleshire", its students' union, and one
person for each role. Idempotent: running it again changes nothing but the demo
password."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from podium.accounts import services
from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Role

DEMO_DOMAIN = "example.ac.uk"

# (name, kind, children)
UnitNode = tuple[str, str, list["UnitNode"]]
UNIT_TREE: UnitNode = (
    "University of Exampleshire",
    UnitKind.INSTITUTION,
    [
        (
            "Faculty of Arts and Humanities",
            UnitKind.FACULTY,
            [
                ("Department of History", UnitKind.DEPARTMENT, []),
                ("Department of Philosophy", UnitKind.DEPARTMENT, []),
            ],
        ),
        (
            "Faculty of Science and Engineering",
            UnitKind.FACULTY,
            [
                ("Department of Computer Science", UnitKind.DEPARTMENT, []),
                ("Department of Chemistry", UnitKind.DEPARTMENT, []),
            ],
        ),
        (
            "Faculty of Social Sciences",
            UnitKind.FACULTY,
            [
                ("Department of Politics and International Relations", UnitKind.DEPARTMENT, []),
                ("Exampleshire Law School", UnitKind.DEPARTMENT, []),
            ],
        ),
        ("Campus Security", UnitKind.SERVICE, []),
        ("Student Wellbeing", UnitKind.SERVICE, []),
        ("Human Resources", UnitKind.SERVICE, []),
        (
            "Exampleshire Students' Union",
            UnitKind.STUDENTS_UNION,
            [
                ("Debating Society", UnitKind.SOCIETY, []),
                ("Politics Society", UnitKind.SOCIETY, []),
                ("Islamic Society", UnitKind.SOCIETY, []),
                ("Jewish Society", UnitKind.SOCIETY, []),
                ("Christian Union", UnitKind.SOCIETY, []),
                ("Film Society", UnitKind.SOCIETY, []),
            ],
        ),
    ],
)


@dataclass(frozen=True)
class Persona:
    local_part: str
    full_name: str
    role: Role
    unit: str
    include_descendants: bool = True
    description: str = ""

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_DOMAIN}"


INSTITUTION = "University of Exampleshire"
PERSONAS: list[Persona] = [
    Persona(
        "admin", "Alex Morgan", Role.ADMINISTRATOR, INSTITUTION, description="Podium administrator"
    ),
    Persona(
        "organiser",
        "Dr Priya Natarajan",
        Role.ORGANISER,
        "Department of History",
        description="staff organiser",
    ),
    Persona(
        "student.organiser",
        "Sam Okafor",
        Role.ORGANISER,
        "Debating Society",
        description="society organiser",
    ),
    Persona(
        "su.events",
        "Megan Hughes",
        Role.SU_REVIEWER,
        "Exampleshire Students' Union",
        description="students' union reviewer",
    ),
    Persona(
        "events.officer",
        "Tom Gallagher",
        Role.EVENTS_OFFICER,
        "Faculty of Arts and Humanities",
        description="faculty events officer",
    ),
    Persona(
        "prevent.lead", "Fatima Rahman", Role.PREVENT_LEAD, INSTITUTION, description="Prevent lead"
    ),
    Persona(
        "free.speech",
        "Nadia Kowalski",
        Role.FREE_SPEECH_OFFICER,
        INSTITUTION,
        description="free-speech officer",
    ),
    Persona(
        "security",
        "Gareth Price",
        Role.HEAD_OF_SECURITY,
        INSTITUTION,
        description="head of security",
    ),
    Persona(
        "panel",
        "Prof. Helen Carter",
        Role.ESCALATION_PANEL,
        INSTITUTION,
        description="escalation panel",
    ),
    Persona(
        "appeals",
        "Prof. David Osei",
        Role.APPEAL_DECIDER,
        INSTITUTION,
        description="appeal decision-maker",
    ),
    Persona(
        "safeguarding",
        "Claire Donnelly",
        Role.SAFEGUARDING_OFFICER,
        INSTITUTION,
        description="safeguarding officer",
    ),
    Persona(
        "dpo",
        "Rhys Evans",
        Role.DATA_PROTECTION_OFFICER,
        INSTITUTION,
        description="data protection officer",
    ),
    Persona(
        "research",
        "Dr Aisha Bello",
        Role.RESEARCH_GOVERNANCE,
        INSTITUTION,
        description="research governance officer",
    ),
    Persona(
        "training",
        "Laura Kim",
        Role.TRAINING_ADMINISTRATOR,
        INSTITUTION,
        description="training administrator",
    ),
    Persona(
        "manager",
        "Mark Sullivan",
        Role.LINE_MANAGER,
        "Department of History",
        description="line manager",
    ),
    Persona(
        "governor",
        "Dame Susan Whitfield",
        Role.GOVERNOR,
        INSTITUTION,
        description="governing body member",
    ),
    Persona("auditor", "Olu Adeyemi", Role.AUDITOR, INSTITUTION, description="auditor"),
]


def _ensure_units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}

    def ensure(node: UnitNode, parent: OrgUnit | None) -> None:
        name, kind, children = node
        unit = OrgUnit.objects.filter(parent=parent, name=name).first()
        if unit is None:
            unit = services.create_unit(acting_user=None, name=name, kind=kind, parent=parent)
        units[name] = unit
        for child in children:
            ensure(child, unit)

    ensure(UNIT_TREE, None)
    return units


@transaction.atomic
def create_demo(*, password: str) -> list[Persona]:
    units = _ensure_units()
    for persona in PERSONAS:
        user = User.objects.filter(email=persona.email).first()
        if user is None:
            user = services.create_user(
                acting_user=None,
                email=persona.email,
                full_name=persona.full_name,
                password=password,
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        unit = units[persona.unit]
        held = RoleAssignment.objects.current().filter(user=user, role=persona.role, unit=unit)
        if not held.exists():
            services.grant_role(
                acting_user=None,
                user=user,
                role=persona.role,
                unit=unit,
                include_descendants=persona.include_descendants,
            )
    return PERSONAS


def demo_step(password: str) -> list[str]:
    """The accounts part of `podium demo`: the institution and its personas, and
    how each signs in."""
    personas = create_demo(password=password)
    width = max(len(p.email) for p in personas)
    lines = ["Demo sign-ins (every one uses the same password):"]
    lines += [f"  {p.email:<{width}}  {p.full_name}, {p.description}" for p in personas]
    return lines
