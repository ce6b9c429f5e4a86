"""Demo research registrations for the University of Exampleshire: the lists,
registrations in every state by two of the demo personas (the student organiser
Sam Okafor, supervised by Dr Priya Natarajan, and Dr Natarajan's own as a lecturer),
and one logged lookup by the head of security for a misspelt name. Idempotent: a
registration is found again by its title. No people are added: the demo's
addresses are the personas' alone."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from podium.accounts.demo import DEMO_DOMAIN
from podium.accounts.models import OrgUnit, User
from podium.research import services
from podium.research.models import (
    LookupPurpose,
    MaterialKind,
    Registration,
    ResearcherKind,
    State,
    StorageLocation,
)

MATERIAL_KINDS = [
    "Terrorist or extremist propaganda",
    "Attack manuals and operational material",
    "Material from proscribed organisations",
    "Explosives or weapons information",
    "Extremist online forum content",
]
LOCATIONS = [
    ("Secure research data store (SRDS)", "The university's encrypted, access-logged file store."),
    ("Trusted Research Environment", "Remote desktop; nothing leaves it."),
    ("Locked cabinet, Research Office (room 2.14)", "For paper material only."),
]

STUDENT = "student.organiser"  # Sam Okafor, a student
LECTURER = "organiser"  # Dr Priya Natarajan, Department of History: a lecturer
SUPERVISOR = "organiser"  # Dr Natarajan also supervises Sam Okafor
GOVERNANCE = "research"  # Dr Aisha Bello, research governance officer
SECURITY = "security"  # Gareth Price, head of security


def _persona(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def ensure_lists() -> None:
    for name in MATERIAL_KINDS:
        MaterialKind.objects.get_or_create(name=name)
    for name, description in LOCATIONS:
        StorageLocation.objects.get_or_create(name=name, defaults={"description": description})


@transaction.atomic
def create_research_demo(password: str) -> int:
    ensure_lists()
    student = _persona(STUDENT)
    lecturer = _persona(LECTURER)
    supervisor = _persona(SUPERVISOR)
    governance = _persona(GOVERNANCE)
    security = _persona(SECURITY)
    politics = OrgUnit.objects.get(name="Department of Politics and International Relations")
    history = OrgUnit.objects.get(name="Department of History")
    kinds = list(MaterialKind.objects.order_by("pk"))
    store, tre, _cabinet = list(StorageLocation.objects.order_by("pk"))[:3]
    today = timezone.localdate()

    def make(
        title: str,
        researcher: User,
        *,
        kind: str,
        number: str,
        unit: OrgUnit,
        location: StorageLocation,
        materials: list[MaterialKind],
        ends_in: int,
    ) -> Registration | None:
        if Registration.objects.filter(title=title).exists():
            return None
        return services.register(
            acting_user=researcher,
            facts=services.RegistrationFacts(
                title=title,
                researcher_kind=kind,
                researcher_number=number,
                supervisor=supervisor if kind == ResearcherKind.STUDENT else None,
                unit=unit,
                ethics_reference=f"ETH-{today.year}-{len(title):03d}",
                material_kinds=materials,
                storage_location=location,
                storage_attested=True,
                starts_on=today - timedelta(days=60),
                ends_on=today + timedelta(days=ends_in),
            ),
        )

    made = 0
    # Registered: the student's doctoral project, approved by supervisor and approver.
    if r := make(
        "Recruitment narratives in online jihadist propaganda, 2014-2024",
        student,
        kind=ResearcherKind.STUDENT,
        number="20231187",
        unit=politics,
        location=tre,
        materials=kinds[:1] + kinds[4:5],
        ends_in=700,
    ):
        services.approve(acting_user=supervisor, registration=r)
        services.approve(acting_user=governance, registration=r)
        made += 1
    # Submitted: waiting for the supervisor and the approver.
    if make(
        "Far-right accelerationist manifestos: a corpus study",
        student,
        kind=ResearcherKind.STUDENT,
        number="20231187",
        unit=politics,
        location=store,
        materials=kinds[2:3],
        ends_in=400,
    ):
        made += 1
    # Registered and ending soon (the lecturer's home card, and the reminder job).
    if r := make(
        "Detecting attack-planning content with language models",
        lecturer,
        kind=ResearcherKind.STAFF,
        number="S1004521",
        unit=history,
        location=tre,
        materials=kinds[1:2],
        ends_in=20,
    ):
        services.approve(acting_user=governance, registration=r)
        made += 1
    # Declined.
    if r := make(
        "Scraping extremist Telegram channels to a laptop",
        lecturer,
        kind=ResearcherKind.STAFF,
        number="S1004521",
        unit=history,
        location=store,
        materials=kinds[4:5],
        ends_in=200,
    ):
        services.decline(
            acting_user=governance,
            registration=r,
            reason="The plan keeps copies on a personal laptop; register again with the "
            "Trusted Research Environment as the only location.",
        )
        made += 1
    # Closed: a finished project.
    if r := make(
        "Propaganda imagery in Islamic State magazines",
        lecturer,
        kind=ResearcherKind.STAFF,
        number="S1004521",
        unit=history,
        location=tre,
        materials=kinds[:1],
        ends_in=10,
    ):
        services.approve(acting_user=governance, registration=r)
        services.close(acting_user=lecturer, registration=r)
        made += 1
    # Expired: registered, then its end date passed unrenewed.
    if r := make(
        "Bomb-making instructions in online forums: a content analysis",
        lecturer,
        kind=ResearcherKind.STAFF,
        number="S1004521",
        unit=history,
        location=tre,
        materials=kinds[3:4],
        ends_in=1,
    ):
        services.approve(acting_user=governance, registration=r)
        Registration.objects.filter(pk=r.pk).update(ends_on=today - timedelta(days=3))
        services.expire_and_remind(today=today)
        made += 1
    # A logged lookup, by a misspelt name.
    if made:
        services.lookup(
            acting_user=security,
            query="Sam Okafur",
            purpose=LookupPurpose.POLICE,
            reason="Counter Terrorism Policing asked whether this student is researching "
            "propaganda material legitimately (their reference CTP-0412).",
        )
    return made


def demo_step(password: str) -> list[str]:
    made = create_research_demo(password)
    if not made:
        return []
    return [
        f"{made} demo research registrations (one of each state), and a logged lookup.",
        f"  Researchers: {STUDENT}@{DEMO_DOMAIN} (student, supervised by "
        f"{SUPERVISOR}@{DEMO_DOMAIN}), {LECTURER}@{DEMO_DOMAIN} (staff).",
        f"  States: {', '.join(s.label.lower() for s in State)}.",
    ]
