import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError, NotAllowed
from podium.core.versioning import StaleEdit
from podium.resources import services
from podium.resources.models import DocumentVersion, Kind, Place, Resource
from podium.resources.services import ResourceFacts
from podium.testing.resources import make_contact, make_document, make_link, pdf_upload


def problems(error):
    return dict(error.value.problems)


def test_adding_a_link_is_audited_with_facts_not_words(personas):
    link = make_link(personas.admin, places=[Place.EVENT_DECISION], description="Secret words")
    entry = AuditEntry.objects.get(action="resources.resource.added")
    assert entry.target_id == str(link.pk)
    assert entry.data == {
        "kind": "link",
        "places": ["events.decision"],
        "roles": [],
        "public": False,
    }
    assert "Secret words" not in str(entry.data)


def test_every_problem_is_named_at_once(personas):
    with pytest.raises(DomainError) as refused:
        services.add_resource(
            acting_user=personas.admin,
            kind=Kind.LINK,
            facts=ResourceFacts(title=" ", url="javascript:alert(1)", for_everyone=False),
        )
    assert problems(refused) == {
        "title": "Enter a title.",
        "url": services.URL_MESSAGE,
        "roles": "Choose the roles that may read it, or let everyone signed in read it.",
    }
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "url", ["https://www.gov.uk/prevent", "http://example.org/a?b=c", "/sharing/agreements/"]
)
def test_web_addresses_and_podium_paths_are_accepted(personas, url):
    assert make_link(personas.admin, url=url).url == url


@pytest.mark.parametrize(
    "url", ["ftp://example.org/", "//evil.example/", "www.gov.uk", "https://", "/a b"]
)
def test_other_addresses_are_refused(personas, url):
    with pytest.raises(DomainError) as refused:
        make_link(personas.admin, url=url)
    assert problems(refused) == {"url": services.URL_MESSAGE}


def test_a_document_must_be_a_pdf(personas):
    fake = SimpleUploadedFile("code.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        services.add_resource(
            acting_user=personas.admin,
            kind=Kind.DOCUMENT,
            facts=ResourceFacts(title="Code"),
            document=fake,
        )
    assert problems(refused) == {"document": "The document is not the kind of file its name says."}
    word = SimpleUploadedFile("code.docx", b"PK..", content_type="application/msword")
    with pytest.raises(DomainError) as refused:
        services.add_resource(
            acting_user=personas.admin,
            kind=Kind.DOCUMENT,
            facts=ResourceFacts(title=""),
            document=word,
        )
    assert problems(refused) == {
        "title": "Enter a title.",
        "document": "The document must be a PDF file.",
    }


def test_a_document_needs_a_file(personas):
    with pytest.raises(DomainError) as refused:
        services.add_resource(
            acting_user=personas.admin, kind=Kind.DOCUMENT, facts=ResourceFacts(title="Code")
        )
    assert problems(refused) == {"document": "Choose a PDF file to upload."}


def test_a_new_version_adds_a_row_and_keeps_the_old(personas):
    document = make_document(personas.admin)
    first = DocumentVersion.objects.get(resource=document)
    assert (
        services.upload_version(
            acting_user=personas.admin, resource=document, document=pdf_upload("v2.pdf")
        )
        == 2
    )
    versions = list(DocumentVersion.objects.filter(resource=document).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].file.name == first.file.name  # the first file is untouched
    assert versions[1].file_name == "v2.pdf"
    assert versions[1].file.name != versions[0].file.name
    assert versions[1].file.name.endswith(".pdf") and "v2" not in versions[1].file.name
    entry = AuditEntry.objects.filter(action="resources.document.uploaded").get()
    assert entry.data == {"version": 2}


def test_only_documents_have_versions(personas):
    link = make_link(personas.admin)
    with pytest.raises(DomainError, match="Only a document has versions."):
        services.upload_version(acting_user=personas.admin, resource=link, document=pdf_upload())


def test_retiring_keeps_the_row_and_restoring_brings_it_back(personas):
    link = make_link(personas.admin)
    services.retire_resource(acting_user=personas.admin, resource=link)
    link.refresh_from_db()
    assert link.retired_at is not None and link.retired_by == personas.admin
    with pytest.raises(DomainError, match="already retired"):
        services.retire_resource(acting_user=personas.admin, resource=link)
    restored = services.restore_resource(acting_user=personas.admin, resource=link)
    assert Resource.objects.get(pk=restored.pk).retired_at is None
    assert list(
        AuditEntry.objects.filter(action__startswith="resources.resource.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["resources.resource.added", "resources.resource.retired", "resources.resource.restored"]


@pytest.mark.parametrize("who", ["faculty_admin", "auditor", "organiser", "outsider"])
def test_only_an_institution_wide_administrator_keeps_the_library(personas, who):
    with pytest.raises(NotAllowed):
        make_link(getattr(personas, who))
    link = make_link(personas.admin)
    with pytest.raises(NotAllowed):
        services.retire_resource(acting_user=getattr(personas, who), resource=link)


def test_changing_records_what_changed_without_the_words(personas):
    link = make_link(personas.admin, places=[Place.EVENT_DECISION])
    services.change_resource(
        acting_user=personas.admin,
        resource=link,
        facts=ResourceFacts(
            title="OfS RA24 (2024)",
            url=link.url,
            places=[Place.SHARING],
            for_everyone=False,
            roles=[Role.PREVENT_LEAD],
        ),
    )
    entry = AuditEntry.objects.get(action="resources.resource.changed")
    assert entry.data["changes"] == {
        "for_everyone": {"old": True, "new": False},
        "places": {"old": ["events.decision"], "new": ["sharing"]},
        "roles": {"old": [], "new": ["prevent_lead"]},
        "title": {"changed": True},
    }


def test_a_stale_edit_is_refused(personas):
    link = make_link(personas.admin)
    with pytest.raises(StaleEdit):
        services.change_resource(
            acting_user=personas.admin,
            resource=link,
            facts=ResourceFacts(title="New", url=link.url),
            expected_version="not-the-version",
        )


def test_a_contact_needs_a_way_to_reach_them(personas):
    with pytest.raises(DomainError) as refused:
        make_contact(personas.admin, title="", phone="", email="not-an-address")
    assert problems(refused) == {
        "title": "Enter the contact's name or office.",
        "email": "Enter an e-mail address like name@example.org.",
    }
    with pytest.raises(DomainError) as refused:
        make_contact(personas.admin, phone="")
    assert problems(refused) == {"phone": "Enter a telephone number or an e-mail address."}


def test_fields_of_other_kinds_are_not_kept(personas):
    link = make_link(personas.admin, phone="01632 960 000", email="a@example.org")
    assert (link.phone, link.email) == ("", "")
