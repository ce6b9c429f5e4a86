"""The private-file kit: what an upload must be, and how a private file is served."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from podium.core.errors import DomainError
from podium.core.files import PDF_OR_TEXT, check_upload, generated_name


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_and_a_text_file_are_accepted_with_their_extension():
    assert (
        check_upload(upload("a.PDF", b"%PDF-1.4", "application/pdf"), kinds=PDF_OR_TEXT, field="f")
        == ".pdf"
    )
    assert (
        check_upload(upload("note.txt", b"hello", "text/plain"), kinds=PDF_OR_TEXT, field="f")
        == ".txt"
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("a.exe", b"MZ", "application/pdf", "The file must be a PDF or plain text file."),
        ("a.pdf", b"%PDF", "text/html", "The file must be a PDF or plain text file."),
        ("a.pdf", b"<html>", "application/pdf", "The file is not the kind of file its name says."),
        ("a.txt", b"ab\x00cd", "text/plain", "The file is not the kind of file its name says."),
    ],
)
def test_anything_else_is_refused_on_its_field(name, content, content_type, message):
    with pytest.raises(DomainError) as refused:
        check_upload(upload(name, content, content_type), kinds=PDF_OR_TEXT, field="attachment")
    assert refused.value.field == "attachment"
    assert str(refused.value) == message


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(DomainError, match="smaller than 1 MB"):
        check_upload(
            upload("a.pdf", b"%PDF" + b"x" * (1024 * 1024), "application/pdf"),
            kinds=PDF_OR_TEXT,
            field="f",
            max_bytes=1024 * 1024,
        )


def test_generated_names_keep_only_the_checked_extension():
    name = generated_name(".pdf")
    assert name.endswith(".pdf") and len(name) == 36
