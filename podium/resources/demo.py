"""The demo's resources library for the University of Exampleshire: the guidance
links an officer needs (Prevent duty guidance, OfS Regulatory advice 24, UUK's
external speakers guidance, Home Office Prevent training, AUCSO, the ICO's data
sharing code), the contacts (regional Prevent co-ordinator, counter-terrorism
policing, the local authority) and the public code of practice as a PDF, each tagged
for the pages that show it. Idempotent: a resource is found again by its title."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from podium.accounts.demo import DEMO_DOMAIN
from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.resources import services
from podium.resources.models import Kind, Place, Resource
from podium.resources.pdf import simple_pdf

CODE_OF_PRACTICE = "Code of practice on freedom of speech"
REGULATORY_ADVICE_24 = "OfS Regulatory advice 24: guidance related to freedom of speech"


@dataclass
class DemoResource:
    kind: str
    facts: services.ResourceFacts
    pdf: list[str] = field(default_factory=list)


def _link(title: str, url: str, description: str, *places: str, **more: Any) -> DemoResource:
    return DemoResource(
        Kind.LINK,
        services.ResourceFacts(
            title=title, url=url, description=description, places=list(places), **more
        ),
    )


def _contact(title: str, places: list[str], **details: Any) -> DemoResource:
    return DemoResource(Kind.CONTACT, services.ResourceFacts(title=title, places=places, **details))


RESOURCES = [
    DemoResource(
        Kind.DOCUMENT,
        services.ResourceFacts(
            title=CODE_OF_PRACTICE,
            description="The university's code under HEFSA 2023 s.A2: values, meetings, "
            "conduct, premises and security costs.",
            places=[Place.EVENT_DECISION],
            is_public=True,
        ),
        pdf=[
            "University of Exampleshire",
            "1. Freedom of speech within the law is secured for staff, students,",
            "   members and visiting speakers.",
            "2. Requests for meetings and events follow the published procedure.",
            "3. Premises are not refused because of a person's ideas or opinions.",
            "4. Security costs fall on organisers only in exceptional circumstances.",
        ],
    ),
    _link(
        REGULATORY_ADVICE_24,
        "https://www.officeforstudents.org.uk/publications/"
        "regulatory-advice-24-guidance-related-to-freedom-of-speech/",
        "How the OfS reads the free speech duties: examples of events, conditions and costs.",
        Place.EVENT_DECISION,
    ),
    _link(
        "UUK: external speakers in higher education institutions",
        "https://www.universitiesuk.ac.uk/what-we-do/policy-and-research/publications/"
        "external-speakers-higher-education",
        "Universities UK's guidance on managing external speakers and events.",
        Place.EVENT_DECISION,
    ),
    _link(
        "AUCSO: Association of University Chief Security Officers",
        "https://www.aucso.org.uk/",
        "Security practice for events on campus; peers to ask about stewarding and costs.",
        Place.EVENT_DECISION,
        for_everyone=False,
        roles=[Role.HEAD_OF_SECURITY, Role.EVENTS_OFFICER, Role.PREVENT_LEAD],
    ),
    _link(
        "Prevent duty guidance: England and Wales",
        "https://www.gov.uk/government/publications/prevent-duty-guidance",
        "The statutory guidance for specified authorities, including higher education.",
        Place.CONCERN_SHARE,
        Place.TRAINING,
    ),
    _link(
        "Notice, Check, Share: making a referral to Prevent",
        "https://www.gov.uk/guidance/making-a-referral-to-prevent",
        "Notice what worries you, check it with a colleague or the safeguarding team, "
        "share it here.",
        Place.CONCERN_SHARE,
    ),
    _link(
        "Home Office Prevent duty training",
        "https://www.gov.uk/guidance/prevent-duty-training",
        "The Home Office's free e-learning (Prevent awareness, referrals, Channel); the "
        "regional co-ordinators run the WRAP-style face-to-face sessions.",
        Place.TRAINING,
    ),
    _link(
        "ICO: data sharing code of practice",
        "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/data-sharing/"
        "data-sharing-a-code-of-practice/",
        "The statutory code on sharing personal data fairly, lawfully and transparently.",
        Place.SHARING,
    ),
    _link(
        "The register of information-sharing agreements",
        "/sharing/agreements/",
        "Which partners we share with, under which agreement, and when each is reviewed.",
        Place.SHARING,
        for_everyone=False,
        roles=[Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR],
    ),
    _contact(
        "North East regional Prevent co-ordinator (higher education)",
        [Place.CONCERN_SHARE, Place.TRAINING, Place.EVENT_DECISION],
        contact_role="Regional Prevent co-ordinator",
        organisation="Department for Education",
        phone="01632 960 401",
        email="prevent.northeast@example.gov.uk",
        notes="Advice on concerns and speakers; runs briefings for staff and student organisers.",
    ),
    _contact(
        "Counter Terrorism Policing North East, Prevent team",
        [Place.CONCERN_SHARE, Place.EVENT_DECISION],
        contact_role="Counter-terrorism policing",
        organisation="Counter Terrorism Policing",
        phone="101",
        email="prevent@example.police.uk",
        notes="In an emergency call 999. For a Prevent referral the Prevent lead calls first.",
        for_everyone=False,
        roles=[
            Role.PREVENT_LEAD,
            Role.SAFEGUARDING_OFFICER,
            Role.HEAD_OF_SECURITY,
            Role.EVENTS_OFFICER,
        ],
    ),
    _contact(
        "Exampleshire County Council, Prevent and Channel",
        [Place.CONCERN_SHARE],
        contact_role="Local authority Prevent lead",
        organisation="Exampleshire County Council",
        phone="01632 960 555",
        email="prevent@example-county.gov.uk",
        notes="Chairs the Channel panel; the Prevent lead makes referrals.",
    ),
]


@transaction.atomic
def create_resources_demo() -> int:
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    made = 0
    for item in RESOURCES:
        if Resource.objects.filter(title=item.facts.title).exists():
            continue
        document = None
        if item.kind == Kind.DOCUMENT:
            document = SimpleUploadedFile(
                "code-of-practice-freedom-of-speech.pdf",
                simple_pdf(item.facts.title, item.pdf),
                content_type="application/pdf",
            )
        services.add_resource(
            acting_user=admin, kind=item.kind, facts=item.facts, document=document
        )
        made += 1
    return made


def demo_step(password: str) -> list[str]:
    made = create_resources_demo()
    if not made:
        return []
    return [
        f"{made} resources in the library: guidance links, contacts and the public "
        f"{CODE_OF_PRACTICE.lower()} (PDF), shown on the decision page, the concern "
        "form, the sharing and the training pages.",
    ]
