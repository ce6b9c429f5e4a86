"""Demo data for information sharing, made through the real services after the
speaker register's demo: partners and purposes, the appropriate policy document,
disclosures in every state (an urgent one awaiting the DPO's review after the fact),
and speaker information requests about the demo's recurring speaker ("Muhammad
al-Hasan"): one we sent to two partners, answered Amber by one (shown to reviewers on
the requests he is on), and one a partner sent us, waiting in the Prevent lead's queue.

Idempotent: made only when the partner "University of Northshire" is not in the
register yet.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.events import services as events
from podium.events.models import Campus, EventType, ScreeningQuestion
from podium.events.services import RequestFacts, SpeakerFacts
from podium.sharing import services
from podium.sharing.models import (
    Direction,
    LawfulBasis,
    Method,
    Partner,
    PartnerKind,
    SpecialCondition,
    Subject,
)
from podium.speakers.selectors import search

ANCHOR = "University of Northshire"
RECURRING_SPEAKER = "Muhammad al-Hasan"
INVITED_AGAIN = "Reason and revelation: a public lecture"

POLICY_TEXT = """\
This appropriate policy document explains how the University of Exampleshire processes \
special category and criminal offence data when it shares information with partners \
under the Prevent duty (Counter-Terrorism and Security Act 2015, section 26).

Conditions relied on: DPA 2018 Schedule 1, Part 2, paragraph 10 (preventing or detecting \
unlawful acts) and paragraph 18 (safeguarding of children and individuals at risk).

Principles: we share only what is necessary and proportionate, with named contacts over \
secure routes, record each disclosure and its lawful basis, and delete it on the date \
its retention rule sets (six years unless an agreement says otherwise).
"""


# The demo's signed agreement: a one-page PDF (the private file kit checks the bytes).
SIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _person(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@example.ac.uk")


def create_sharing_demo() -> int:
    """Returns how many disclosures it recorded (0 when the demo is already there)."""
    if Partner.objects.filter(name=ANCHOR).exists():
        return 0
    admin, prevent, security, dpo = (
        _person("admin"),
        _person("prevent.lead"),
        _person("security"),
        _person("dpo"),
    )
    today = timezone.localdate()
    with transaction.atomic():
        partners = {
            name: services.save_partner(
                acting_user=admin,
                partner=None,
                name=name,
                kind=kind,
                contact_name=contact,
                contact_route=route,
                is_active=True,
            )
            for name, kind, contact, route in [
                (ANCHOR, PartnerKind.UNIVERSITY, "Dr Anne Blake", "prevent@northshire.ac.uk"),
                (
                    "DfE FE/HE Prevent co-ordinator, North West",
                    PartnerKind.DFE_COORDINATOR,
                    "Sam Okafor",
                    "sam.okafor@education.gov.uk",
                ),
                (
                    "Counter Terrorism Policing North West",
                    PartnerKind.CT_POLICING,
                    "DS Lee Harper",
                    "ctp-nw@police.example.uk (CJSM)",
                ),
                (
                    "Exampleshire Council Prevent and Channel team",
                    PartnerKind.LOCAL_AUTHORITY,
                    "Priya Nair",
                    "prevent@exampleshire.gov.uk (Egress)",
                ),
                (
                    "AUCSO North West network",
                    PartnerKind.AUCSO,
                    "Chair of the regional group",
                    "nw-chair@aucso.example.org",
                ),
            ]
        }
        purposes = [
            services.save_purpose(acting_user=admin, purpose=None, name=name, is_active=True)
            for name in (
                "Assessing an external speaker",
                "Safeguarding a student or member of staff",
                "Preventing or detecting crime",
            )
        ]
        services.publish_policy(acting_user=dpo, text=POLICY_TEXT)
        # Two agreements: one running, one due for review this week.
        agreement = services.save_agreement(
            acting_user=dpo,
            agreement=None,
            partners=[partners["Counter Terrorism Policing North West"]],
            title="Information sharing with Counter Terrorism Policing North West",
            purpose="Preventing and detecting crime; safeguarding people at risk.",
            data_categories="Identity, contact details, criminal offence information",
            lawful_bases="Art 6(1)(e) public task; Art 10 with DPA 2018 Sch. 1 para. 10",
            starts_on=today - timedelta(days=200),
            owner=dpo,
            retention_years=6,
            document=SimpleUploadedFile(
                "ctp-nw-agreement-signed.pdf", SIGNED_PDF, content_type="application/pdf"
            ),
        )
        services.save_agreement(
            acting_user=dpo,
            agreement=None,
            partners=[partners[ANCHOR], partners["AUCSO North West network"]],
            title="North West speaker information protocol",
            purpose="Answering and asking about external speakers between institutions.",
            data_categories="Speaker names, affiliations, event dates, conditions",
            lawful_bases="Art 6(1)(e) public task",
            starts_on=today - timedelta(days=360),
            review_on=today + timedelta(days=5),
            owner=dpo,
            retention_years=6,
        )
    matches = search(query=RECURRING_SPEAKER, visible=Q(), limit=5)
    exact = [m.speaker for m in matches if m.speaker.name == RECURRING_SPEAKER]
    speaker = exact[0] if exact else None
    northshire = partners[ANCHOR]
    dfe = partners["DfE FE/HE Prevent co-ordinator, North West"]
    police = partners["Counter Terrorism Policing North West"]
    council = partners["Exampleshire Council Prevent and Channel team"]
    aucso = partners["AUCSO North West network"]

    def facts(partner: Partner, **extra: object) -> services.DisclosureFacts:
        base: dict[str, object] = {
            "direction": Direction.OUTGOING,
            "partner": partner,
            "subject": Subject.OTHER,
            "subject_text": "A planned event by an external society",
            "purpose": purposes[0],
            "necessity": "The partner is assessing the same speaker for an event next month.",
            "benefits_and_risks": "Consistent decisions across the region; low risk: "
            "facts only, no opinions.",
            "risks_of_not_sharing": "The partner decides without knowing our conditions.",
            "safeguards": "Named contact, secure e-mail, deletion on the date recorded.",
            "lawful_basis": LawfulBasis.PUBLIC_TASK,
            "statutory_power": "Counter-Terrorism and Security Act 2015, s.26",
            "one_off_reason": "No agreement with this partner covers speakers.",
            "decision_maker": prevent,
            "method": Method.SECURE_EMAIL,
            "shared_on": today,
            "received": "The dates of the event and the conditions we set.",
        }
        base.update(extra)
        return services.DisclosureFacts(**base)  # type: ignore[arg-type]

    made = 0
    with transaction.atomic():
        # A draft, by the head of security.
        services.create_disclosure(
            acting_user=security, facts=facts(council, decision_maker=security)
        )
        # Awaiting sign-off: about the recurring speaker, three fields ticked.
        if speaker is not None:
            awaiting = services.create_disclosure(
                acting_user=prevent,
                facts=facts(
                    northshire,
                    subject=Subject.SPEAKER,
                    speaker_id=speaker.pk,
                    fields_shared=["name", "affiliations", "due_diligence"],
                    received="",
                ),
            )
            services.submit_for_sign_off(acting_user=prevent, disclosure=awaiting)
        # Refused, with reasons: the Prevent lead has it to correct.
        refused = services.create_disclosure(acting_user=prevent, facts=facts(aucso))
        services.submit_for_sign_off(acting_user=prevent, disclosure=refused)
        services.sign_off(
            acting_user=dpo,
            disclosure=refused,
            approved=False,
            reason="The network does not need the event's dates: share the conditions only.",
        )
        # Approved, not yet sent.
        approved = services.create_disclosure(acting_user=prevent, facts=facts(dfe))
        services.submit_for_sign_off(acting_user=prevent, disclosure=approved)
        services.sign_off(acting_user=dpo, disclosure=approved, approved=True)
        # Sent after sign-off.
        sent = services.create_disclosure(
            acting_user=prevent,
            facts=facts(dfe, shared_on=today - timedelta(days=30)),
        )
        services.submit_for_sign_off(acting_user=prevent, disclosure=sent)
        services.sign_off(acting_user=dpo, disclosure=sent, approved=True)
        services.mark_sent(acting_user=prevent, disclosure=sent)
        # Withdrawn before sending.
        withdrawn = services.create_disclosure(acting_user=prevent, facts=facts(council))
        services.withdraw(
            acting_user=prevent,
            disclosure=withdrawn,
            reason="The council's referral was closed before we shared.",
        )
        # Urgent: sent before sign-off, awaiting the DPO's review after the fact.
        urgent = services.create_disclosure(
            acting_user=security,
            facts=facts(
                police,
                decision_maker=security,
                purpose=purposes[2],
                agreement=agreement,
                one_off_reason="",
                subject_text="A threat made on campus",
                special_category=True,
                special_condition=SpecialCondition.ART10,
                schedule1_paragraph="Part 2, paragraph 10 (preventing or detecting unlawful acts)",
                statutory_power="Data Protection Act 2018, Sch. 2 para. 2 (crime and taxation)",
                received="The description of the person and the time of the threat.",
            ),
        )
        services.mark_sent(
            acting_user=security,
            disclosure=urgent,
            urgent_reason="A specific threat to a named member of staff that evening.",
        )
        # Incoming: one received, to record; one recorded.
        services.create_disclosure(
            acting_user=prevent,
            facts=facts(
                police,
                direction=Direction.INCOMING,
                purpose=purposes[1],
                received="Advice that a student may be at risk of radicalisation; "
                "a Channel referral is being considered.",
                subject_text="A student of the university",
                attachment=SimpleUploadedFile(
                    "police-advice.txt",
                    b"Advice from Counter Terrorism Policing North West (demo).\n"
                    b"A student may be at risk; a Channel referral is being considered.\n",
                    content_type="text/plain",
                ),
            ),
        )
        made = 8
        if speaker is not None:
            # We ask two partners about the recurring speaker; Northshire answers Amber.
            asked = services.ask_partners(
                acting_user=prevent,
                speaker_id=speaker.pk,
                partners=[northshire, aucso],
                question="Has this speaker spoken at your institution in the last three years? "
                "Were there any concerns, or conditions on the event?",
                due_on=None,
            )
            services.record_answer(
                acting_user=prevent,
                recipient=asked.recipients.get(partner=northshire),
                rag="amber",
                summary="Spoke in March; the event went ahead with an independent chair after "
                "complaints about a previous talk. No incidents.",
                lawful_basis=LawfulBasis.PUBLIC_TASK,
            )
            # He is invited again: a request in review, where the reviewers see the answer.
            _request_with(speaker)
            # A partner asks us about him: in the Prevent lead's queue.
            services.receive_request(
                acting_user=prevent,
                partner=dfe,
                speaker_id=speaker.pk,
                speaker_name=speaker.name,
                question="Has Muhammad al-Hasan spoken with you; were there concerns?",
                due_on=None,
            )
            made += 1
    return made


def _request_with(speaker: object) -> None:
    """A request in review with the recurring speaker on it, made by the organiser
    persona through the events services."""
    organiser = _person("organiser")
    unit = OrgUnit.objects.get(name="Department of History")
    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=45), time(18, 0))
    )
    request = events.create_request(
        acting_user=organiser,
        unit=unit,
        facts=RequestFacts(
            title=INVITED_AGAIN,
            description="A public lecture followed by questions.",
            event_type=EventType.objects.filter(name="Talk or lecture").first(),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            format="in_person",
            venue_kind="on_campus",
            campus=Campus.objects.first(),
            venue="Lecture Theatre 2",
            expected_audience=150,
            attendance="public",
            speakers=[
                SpeakerFacts(
                    name=RECURRING_SPEAKER,
                    affiliation="University of Northshire",
                    speaker_id=speaker.pk,  # type: ignore[attr-defined]
                )
            ],
            # "Yes" only to the question that says the event is open to the public.
            answers={
                q.pk: (q.yes_means_attendance == "public", "")
                for q in ScreeningQuestion.objects.filter(is_active=True)
            },
        ),
    )
    events.submit_request(acting_user=organiser, event_request=request)


def demo_step(password: str) -> list[str]:
    """Information sharing's part of `podium demo`."""
    made = create_sharing_demo()
    return [f"Added {made} demo disclosures to the sharing log."] if made else []
