"""The subject of a Prevent concern (issue 21 §2): held only as text on the case
(`concerns.SubjectIdentity`), found by the concerns finder by name (the speaker
register's matcher), student or staff number and contact exactly; the hit tells the
DPO only that a concern's subject matches, the case reference and why; confirmed,
the subject's export holds their identity, what was noticed and the notes as their
own, with the raiser, officers and authors redacted, and the export page asks the DPO
to consider the crime and national security exemptions. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from podium.audit.models import AuditEntry
from podium.concerns.models import Case, CaseNote, SubjectIdentity
from podium.concerns.subject_export import find_subjects
from podium.core.subject_export import Hit, SearchTerms
from podium.subject_access import exporting, services
from podium.subject_access.models import (
    Candidate,
    Exemption,
    IdentityMethod,
    SubjectAccessRequest,
)
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.subject_access import logged_request, make_dpo

pytestmark = pytest.mark.django_db

SUBJECT = "concerns.SubjectIdentity"
NOTICED = "Shared extremist leaflets in the library and spoke of travelling abroad."
NOTE = "Spoke to the personal tutor; agreed a support plan."


def _case(**identity: str) -> tuple[Case, SubjectIdentity]:
    raiser = factories.make_user(full_name="Rhona Raiser")
    officer = factories.make_user(full_name="Oscar Officer")
    case = Case.objects.create(
        raised_by=raiser,
        owner=officer,
        noticed=NOTICED,
        noticed_on=date(2026, 11, 2),
        online_elements="A group chat.",
    )
    subject = SubjectIdentity.objects.create(
        case=case,
        full_name=identity.get("full_name", "Muhammad al-Hasan"),
        number=identity.get("number", "DS00042"),
        contact=identity.get("contact", "m.alhasan@students.example.ac.uk"),
    )
    CaseNote.objects.create(case=case, author=officer, text=NOTE)
    return case, subject


def _scorer(query: str, candidate: str) -> float:
    return services.name_score(query, candidate)


def _hits(name: str = "", email: str = "", staff_number: str = "") -> list[Hit]:
    return find_subjects(SearchTerms(name=name, email=email, staff_number=staff_number), _scorer)


def test_the_subject_is_found_by_a_variant_spelling_of_their_name():
    case, subject = _case()
    [hit] = _hits(name="Mohamed Al-Hassan")
    assert (hit.kind, hit.pk) == (SUBJECT, subject.pk)
    assert hit.label == f"The subject of Prevent concern {case.reference}"
    # The register's matcher: transliterations of one name are one name.
    assert hit.matched_on.startswith("name, ") and hit.score >= 0.55
    # Nothing of the identity as stored, nor of the case, in what the DPO reads.
    assert "Hasan" not in hit.label + hit.matched_on


def test_the_subject_is_found_by_number_and_by_contact_exactly():
    case, subject = _case()
    [by_number] = _hits(staff_number=" ds00042 ")
    assert (by_number.pk, by_number.matched_on, by_number.score) == (
        subject.pk,
        "student or staff number",
        1.0,
    )
    [by_contact] = _hits(email="M.AlHasan@students.example.ac.uk")
    assert (by_contact.pk, by_contact.score) == (subject.pk, 1.0)
    assert by_contact.matched_on == "contact details (e-mail address)"
    # Both together: one hit, not two.
    assert len(_hits(staff_number="DS00042", email="m.alhasan@students.example.ac.uk")) == 1


def test_nothing_is_found_for_an_unrelated_person():
    _case()
    assert _hits(name="Zara Quinn", email="zara@example.ac.uk", staff_number="S-99") == []
    assert _hits(name="Al") == []  # no word of three letters: no name search
    # A case with no identity recorded yet (blank text) matches nothing.
    _case(full_name="", number="", contact="")
    assert _hits(staff_number="", email="") == []


def _searched(**facts: str) -> SubjectAccessRequest:
    dpo = make_dpo()
    sar = logged_request(
        dpo=dpo,
        requester_name=facts.get("requester_name", "Mohamed Al-Hassan"),
        requester_email=facts.get("requester_email", "mo.hassan@gmail.example"),
        staff_number=facts.get("staff_number", "DS00042"),
    )
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    services.run_search(acting_user=dpo, sar=sar)
    sar.refresh_from_db()
    return sar


def _confirm_subject(sar: SubjectAccessRequest) -> None:
    candidate = sar.candidates.get(kind=SUBJECT)
    services.decide_candidate(
        acting_user=sar.logged_by, sar=sar, candidate_id=candidate.pk, confirmed=True
    )


def test_the_search_results_show_no_concern_content():
    case, _ = _case()
    sar = _searched()
    candidate = sar.candidates.get(kind=SUBJECT)
    assert candidate.matched_on == "student or staff number"
    page = client_for(sar.logged_by).get(reverse("subject_access:detail", args=[sar.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"The subject of Prevent concern {case.reference}" in html
    for secret in (
        "Muhammad",
        "al-Hasan",
        "m.alhasan@",
        "leaflets",
        "group chat",
        "support plan",
        "Rhona",
        "Oscar",
    ):
        assert secret not in html, secret


def _rows(export: exporting.Export, label: str) -> list[exporting.Row]:
    return next(section.rows for section in export.sections if section.label == label)


def test_the_subjects_export_holds_their_identity_and_the_case_with_third_parties_redacted():
    case, subject = _case()
    sar = _searched()
    _confirm_subject(sar)
    export = exporting.build(sar)
    [identity] = _rows(export, SUBJECT)
    assert identity.values["full_name"] == "Muhammad al-Hasan"
    assert identity.values["number"] == "DS00042"
    assert identity.values["contact"] == "m.alhasan@students.example.ac.uk"
    [row] = _rows(export, "concerns.Case")
    assert row.record_id == case.pk
    assert row.values["noticed"] == NOTICED
    assert row.values["online_elements"] == "A group chat."
    assert row.values["raised_by"] == exporting.THIRD_PARTY
    assert row.values["owner"] == exporting.THIRD_PARTY
    [note] = _rows(export, "concerns.CaseNote")
    assert note.values["text"] == NOTE
    assert note.values["author"] == exporting.THIRD_PARTY
    everything = str([r.values for s in export.sections for r in s.rows])
    assert "Rhona" not in everything and "Oscar" not in everything
    # The raiser's own export still redacts what was noticed and the identity.
    raiser_sar = logged_request(dpo=sar.logged_by, requester_name="Rhona Raiser")
    assert case.raised_by_id is not None
    Candidate.objects.create(
        request=raiser_sar,
        kind="accounts.User",
        record_id=case.raised_by_id,
        label="Rhona",
        matched_on="name",
        score=1.0,
        confirmed=True,
    )
    theirs = exporting.build(raiser_sar)
    [row] = _rows(theirs, "concerns.Case")
    assert row.values["noticed"] == exporting.THIRD_PARTY
    assert row.values["raised_by"] == exporting.YOU
    [identity] = _rows(theirs, SUBJECT)
    assert identity.values["full_name"] == exporting.THIRD_PARTY
    assert not theirs.to_consider


def test_the_export_page_asks_the_dpo_to_consider_the_exemptions():
    case, subject = _case()
    sar = _searched()
    _confirm_subject(sar)
    export = exporting.build(sar)
    considered = {section.label: section for section in export.to_consider}
    assert set(considered) == {"concerns.Case", SUBJECT, "concerns.CaseNote"}
    assert considered["concerns.Case"].consider == [
        Exemption.CRIME.label,
        Exemption.NATIONAL_SECURITY.label,
    ]
    client = client_for(sar.logged_by)
    page = client.get(reverse("subject_access:export", args=[sar.pk])).content.decode()
    assert "Consider an exemption before release" in page
    assert "Crime and taxation (DPA 2018 Sch 2 para 2)" in page
    assert "National security (DPA 2018 s 26)" in page
    assert NOTICED in page  # the DPO reviews what the subject would receive
    # The existing mechanism: withheld under national security, with the reason.
    response = client.post(
        reverse("subject_access:withhold", args=[sar.pk]),
        {
            "record_type": "concerns.Case",
            "record_id": case.pk,
            "field_name": "noticed",
            "exemption": "national_security",
            "reason": "Police advise that disclosure would prejudice an investigation.",
        },
    )
    assert response.status_code == 302
    [row] = _rows(exporting.build(sar), "concerns.Case")
    assert row.values["noticed"] == f"[withheld: {Exemption.NATIONAL_SECURITY.label}]"


def test_no_prompt_when_the_export_holds_no_concern_about_the_requester():
    _case()
    sar = _searched(requester_name="Zara Quinn", requester_email="z@example.ac.uk", staff_number="")
    assert not sar.candidates.filter(kind=SUBJECT).exists()
    factories.make_user(full_name="Zara Quinn", email="z@example.ac.uk")
    services.run_search(acting_user=sar.logged_by, sar=sar)
    for candidate in sar.candidates.all():
        services.decide_candidate(
            acting_user=sar.logged_by, sar=sar, candidate_id=candidate.pk, confirmed=True
        )
    page = client_for(sar.logged_by).get(reverse("subject_access:export", args=[sar.pk]))
    assert b"Consider an exemption" not in page.content


def test_the_audit_of_the_search_and_confirmation_holds_no_personal_data():
    case, _ = _case()
    sar = _searched()
    _confirm_subject(sar)
    entries = AuditEntry.objects.filter(action__startswith="subject_access.")
    assert {e.action for e in entries} >= {
        "subject_access.search.run",
        "subject_access.candidate.decided",
    }
    logged = str([(e.action, e.target_label, e.data) for e in entries])
    for secret in (
        "Muhammad",
        "Mohamed",
        "Hasan",
        "DS00042",
        "alhasan",
        "mo.hassan",
        case.reference,
        "leaflets",
    ):
        assert secret not in logged, secret
