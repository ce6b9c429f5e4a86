import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.resources.models import DocumentVersion, Place, Resource
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.resources import make_contact, make_document, make_link, pdf_upload


def test_the_library_shows_what_the_persons_roles_may_read(personas, institution):
    make_link(personas.admin, title="For everyone")
    make_contact(personas.admin, title="CT policing", for_everyone=False, roles=[Role.PREVENT_LEAD])
    page = client_for(personas.outsider).get(reverse("resources:library"))
    assert page.status_code == 200
    assert "For everyone" in page.content.decode()
    assert "CT policing" not in page.content.decode()
    assert "Keep the library" not in page.content.decode().split("<main")[-1]
    lead = make_person_with_role(Role.PREVENT_LEAD, institution)
    assert "CT policing" in client_for(lead).get(reverse("resources:library")).content.decode()


def test_the_library_filters_by_kind(personas):
    make_link(personas.admin, title="A link")
    make_contact(personas.admin, title="A contact")
    html = client_for(personas.outsider).get(reverse("resources:library"), {"kind": "contact"})
    assert "A contact" in html.content.decode() and "A link" not in html.content.decode()
    nonsense = client_for(personas.outsider).get(reverse("resources:library"), {"kind": "<x>"})
    assert nonsense.status_code == 200


def test_a_public_page_needs_no_sign_in_and_is_404_when_not_public(personas):
    code = make_document(personas.admin, title="Code of practice", is_public=True)
    private = make_link(personas.admin, title="Internal")
    anonymous = Client()
    page = anonymous.get(reverse("resources:public-detail", args=[code.pk]))
    assert page.status_code == 200 and "Download the PDF" in page.content.decode()
    assert anonymous.get(reverse("resources:public-detail", args=[private.pk])).status_code == 404
    assert "Code of practice" in anonymous.get(reverse("resources:public-list")).content.decode()


def test_a_public_document_downloads_without_sign_in_as_an_attachment(personas):
    code = make_document(personas.admin, is_public=True)
    response = Client().get(reverse("resources:download", args=[code.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_private_document_needs_sign_in_and_a_reading_role(personas):
    doc = make_document(personas.admin, for_everyone=False, roles=[Role.PREVENT_LEAD])
    url = reverse("resources:download", args=[doc.pk])
    assert Client().get(url).status_code == 302
    assert Client().get(url)["Location"].startswith(reverse("account_login"))
    assert client_for(personas.outsider).get(url).status_code == 404


def test_an_administrator_adds_a_link_for_the_decision_page(personas):
    client = client_for(personas.admin)
    response = client.post(
        reverse("resources:add", args=["link"]),
        {
            "title": "UUK external speakers guidance",
            "url": "https://www.universitiesuk.ac.uk/external-speakers",
            "places": [Place.EVENT_DECISION],
            "audience": "everyone",
        },
    )
    link = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("resources:edit", args=[link.pk])
    assert AuditEntry.objects.filter(action="resources.resource.added").count() == 1


def test_bad_input_is_named_on_each_field(personas):
    response = client_for(personas.admin).post(
        reverse("resources:add", args=["link"]),
        {"title": "", "url": "not a url", "audience": "roles"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a title." in html
    assert "Enter the link&#x27;s address as a full web address" in html
    assert "Choose the roles that may read it" in html
    assert not Resource.objects.exists()


def test_a_non_pdf_upload_is_refused_with_a_message(personas):
    client = client_for(personas.admin)
    response = client.post(
        reverse("resources:add", args=["document"]),
        {
            "title": "Policy",
            "audience": "everyone",
            "document": SimpleUploadedFile("policy.txt", b"hello", content_type="text/plain"),
        },
    )
    assert response.status_code == 400
    assert "The document must be a PDF file." in response.content.decode()
    document = make_document(personas.admin)
    refused = client.post(
        reverse("resources:version-upload", args=[document.pk]),
        {"document": SimpleUploadedFile("v2.pdf", b"MZ\x90\x00", content_type="application/pdf")},
    )
    assert refused.status_code == 400
    assert "The document is not the kind of file its name says." in refused.content.decode()
    assert DocumentVersion.objects.filter(resource=document).count() == 1


def test_versions_are_listed_and_each_downloads(personas):
    client = client_for(personas.admin)
    document = make_document(personas.admin)
    uploaded = client.post(
        reverse("resources:version-upload", args=[document.pk]), {"document": pdf_upload("v2.pdf")}
    )
    assert uploaded.status_code == 302
    page = client.get(reverse("resources:edit", args=[document.pk])).content.decode()
    assert "2 (current)" in page
    old = client.get(reverse("resources:version-download", args=[document.pk, 1]))
    assert old.status_code == 200
    assert (
        client.get(reverse("resources:version-download", args=[document.pk, 9])).status_code == 404
    )


def test_editing_keeps_the_places_and_refuses_a_stale_form(personas):
    link = make_link(personas.admin, places=[Place.SHARING])
    client = client_for(personas.admin)
    url = reverse("resources:edit", args=[link.pk])
    form = client.get(url).context["form"]
    assert form["places"].value() == ["sharing"]
    data = {
        "version": form["version"].value(),
        "title": "ICO data sharing code",
        "url": link.url,
        "places": ["sharing", "training"],
        "audience": "everyone",
    }
    assert client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert link.title == "ICO data sharing code"
    assert sorted(link.places.values_list("place", flat=True)) == ["sharing", "training"]
    stale = client.post(url, {**data, "title": "Another"})
    assert "Someone else changed this" in stale.content.decode()


def test_retire_and_restore_through_the_page(personas):
    link = make_link(personas.admin)
    client = client_for(personas.admin)
    assert client.post(reverse("resources:retire", args=[link.pk])).status_code == 302
    link.refresh_from_db()
    assert link.is_retired
    assert client.post(reverse("resources:retire", args=[link.pk])).status_code == 302
    assert client.post(reverse("resources:restore", args=[link.pk])).status_code == 302
    link.refresh_from_db()
    assert not link.is_retired


@pytest.mark.parametrize("who", ["faculty_admin", "auditor", "organiser", "outsider"])
def test_only_administrators_reach_the_keeping_pages(personas, who):
    client = client_for(getattr(personas, who))
    assert client.get(reverse("resources:manage")).status_code == 403
    assert client.get(reverse("resources:add", args=["link"])).status_code == 403


def test_navigation_offers_the_library_to_everyone_and_keeping_to_administrators(personas):
    outsider = client_for(personas.outsider).get(reverse("core:home")).content.decode()
    assert reverse("resources:library") in outsider
    assert reverse("resources:manage") not in outsider
    admin = client_for(personas.admin).get(reverse("core:home")).content.decode()
    assert reverse("resources:manage") in admin


def test_an_unknown_kind_is_404(personas):
    assert (
        client_for(personas.admin).get(reverse("resources:add", args=["poster"])).status_code == 404
    )
