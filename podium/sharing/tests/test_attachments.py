"""Attachments: an incoming disclosure's file (PDF or plain text) and an agreement's
signed PDF, checked by the one upload kit, kept privately, downloaded only by those
who may read them (not the auditor), deleted with their rows, named in the subject
access export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.sharing import services
from podium.sharing.models import Direction, Disclosure, SharingAgreement, Subject
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.sharing import facts, make_sharing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a signed agreement\n"


def pdf(name: str = "received.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def s(institution):
    return make_sharing(institution)


def incoming(s, **overrides):
    return facts(
        s,
        direction=Direction.INCOMING,
        fields_shared=[],
        received="Their note about the speaker.",
        **overrides,
    )


def test_an_incoming_disclosure_keeps_its_attachment_privately(s, settings, institution):
    d = services.create_disclosure(acting_user=s.prevent, facts=incoming(s, attachment=pdf()))
    assert d.attachment_name == "received.pdf"
    stored = Path(settings.PODIUM_PRIVATE_DIR) / d.attachment.name
    assert stored.read_bytes() == PDF
    assert "received" not in Path(d.attachment.name).name  # a generated name
    created = AuditEntry.objects.get(action="sharing.disclosure.created")
    assert created.data["attachment"] is True

    url = reverse("sharing:disclosure-attachment", args=[d.pk])
    for who in (s.safeguarding, s.dpo, s.prevent):
        response = client_for(who).get(url)
        assert response.status_code == 200, who
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="sharing.disclosure.attachment_downloaded").count() == 3
    auditor = make_person_with_role(Role.AUDITOR, institution)
    assert client_for(auditor).get(url).status_code == 403
    page = client_for(auditor).get(reverse("sharing:disclosure-detail", args=[d.pk]))
    assert url.encode() not in page.content
    assert (
        url.encode()
        in client_for(s.dpo).get(reverse("sharing:disclosure-detail", args=[d.pk])).content
    )


def test_no_attachment_is_404_and_outgoing_takes_none(s):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    assert (
        client_for(s.dpo).get(reverse("sharing:disclosure-attachment", args=[d.pk])).status_code
        == 404
    )
    with pytest.raises(DomainError) as refused:
        services.create_disclosure(acting_user=s.prevent, facts=facts(s, attachment=pdf()))
    assert (
        "attachment",
        "Only an incoming disclosure carries an attachment.",
    ) in refused.value.problems


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream"), "must be"),
        (SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf"), "not the kind"),
        (SimpleUploadedFile("x.txt", b"a\x00b", content_type="text/plain"), "not the kind"),
        (
            SimpleUploadedFile("x.txt", b"a" * (5 * 1024 * 1024 + 1), content_type="text/plain"),
            "smaller than",
        ),
    ],
)
def test_bad_attachments_are_refused_with_every_other_problem(s, upload, message):
    with pytest.raises(DomainError) as refused:
        services.create_disclosure(
            acting_user=s.prevent, facts=incoming(s, attachment=upload, necessity="")
        )
    fields = dict(refused.value.problems)
    assert message in fields["attachment"] and "necessity" in fields
    assert not Disclosure.objects.exists()


def test_the_form_takes_a_text_attachment_and_names_a_bad_one(s):
    url = reverse("sharing:disclosure-create") + "?direction=incoming"
    data = {
        "partner": s.partner.pk,
        "subject_text": "A speaker not in the register",
        "received": "What they told us.",
        "purpose": s.purpose.pk,
        "necessity": "Needed.",
        "lawful_basis": "public_task",
        "one_off_reason": "One-off.",
        "decision_maker": s.prevent.pk,
        "method": "secure_email",
        "shared_on": "2026-11-02",
    }
    bad = client_for(s.prevent).post(
        url,
        {
            **data,
            "attachment": SimpleUploadedFile("a.pdf", b"nope", content_type="application/pdf"),
        },
    )
    assert bad.status_code == 200 and b"not the kind of file" in bad.content
    good = client_for(s.prevent).post(
        url,
        {**data, "attachment": SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")},
    )
    assert good.status_code == 302
    d = Disclosure.objects.get()
    assert d.subject == Subject.OTHER and d.attachment_name == "note.txt"


def agreement(s, **extra):
    values = {
        "title": "Speakers with Northshire",
        "purpose": "Speakers",
        "data_categories": "Names",
        "lawful_bases": "Public task",
        "starts_on": date(2026, 1, 5),
        "owner": s.dpo,
        **extra,
    }
    return services.save_agreement(
        acting_user=s.dpo, agreement=None, partners=[s.partner], **values
    )


def test_an_agreement_keeps_its_signed_pdf(
    s, settings, institution, django_capture_on_commit_callbacks
):
    with pytest.raises(DomainError) as refused:
        agreement(
            s, document=SimpleUploadedFile("a.txt", b"x", content_type="text/plain"), title=""
        )
    assert {"document", "title"} <= {f for f, _ in refused.value.problems}
    a = agreement(s, document=pdf("signed.pdf"))
    first = Path(settings.PODIUM_PRIVATE_DIR) / a.document.name
    assert first.exists() and a.document_name == "signed.pdf"
    url = reverse("sharing:agreement-document", args=[a.pk])
    assert client_for(s.admin).get(url).status_code == 200
    for who in (s.prevent, s.safeguarding, make_person_with_role(Role.AUDITOR, institution)):
        assert client_for(who).get(url).status_code == 403
    # A new signed copy replaces the old one (the old file is deleted).
    with django_capture_on_commit_callbacks(execute=True):
        page = client_for(s.dpo).post(
            reverse("sharing:agreement-detail", args=[a.pk]),
            {
                "title": a.title,
                "partners": [s.partner.pk],
                "purpose": "Speakers",
                "data_categories": "Names",
                "lawful_bases": "Public task",
                "starts_on": "2026-01-05",
                "retention_years": 6,
                "owner": s.dpo.pk,
                "document": pdf("signed-v2.pdf"),
            },
        )
    assert page.status_code == 302
    a.refresh_from_db()
    assert a.document_name == "signed-v2.pdf" and not first.exists()


def test_files_go_with_their_rows_and_are_in_the_subject_export(
    s, settings, django_capture_on_commit_callbacks
):
    from podium.core.subject_export import mapping_for

    d = services.create_disclosure(acting_user=s.prevent, facts=incoming(s, attachment=pdf()))
    a = agreement(s, document=pdf())
    files = [
        Path(settings.PODIUM_PRIVATE_DIR) / d.attachment.name,
        Path(settings.PODIUM_PRIVATE_DIR) / a.document.name,
    ]
    assert "attachment" in Disclosure.personal_data.fields
    assert "document" in SharingAgreement.personal_data.fields
    assert mapping_for("sharing.Disclosure") is not None
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        Disclosure.objects.filter(pk=d.pk).delete()  # as the retention sweep deletes
        SharingAgreement.objects.filter(pk=a.pk).delete()
    assert not any(f.exists() for f in files)
