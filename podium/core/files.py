"""Private files: uploads kept outside the web root under generated names, checked
on the way in (QUALITY.md upload rules) and served only through permission-checked
views, always as attachments. Every app that stores a file uses this kit:

    document = models.FileField(storage=private_storage, upload_to="sharing/", blank=True)

    extension = check_upload(upload, kinds=PDF_OR_TEXT, field="attachment")
    record.document.save(generated_name(extension), upload, save=False)

    return private_download(record.document, record.document_name)
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from podium.core.errors import DomainError


class PrivateStorage(FileSystemStorage):
    """Outside the web root (`PODIUM_PRIVATE_DIR`), never served directly. The
    location is read when used, so tests can move it."""

    @property
    def base_location(self) -> str:
        return str(settings.PODIUM_PRIVATE_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> PrivateStorage:
    return PrivateStorage()


@dataclass(frozen=True)
class FileKind:
    """One accepted kind of file: its extensions, the content types a browser sends
    for it, and the bytes it starts with (empty: any, for plain text)."""

    label: str
    extensions: tuple[str, ...]
    content_types: frozenset[str]
    magic: tuple[bytes, ...] = ()


PDF = FileKind("PDF", (".pdf",), frozenset({"application/pdf"}), (b"%PDF",))
PNG = FileKind("PNG", (".png",), frozenset({"image/png"}), (b"\x89PNG",))
JPEG = FileKind("JPEG", (".jpg", ".jpeg"), frozenset({"image/jpeg"}), (b"\xff\xd8",))
TEXT = FileKind("plain text", (".txt",), frozenset({"text/plain"}))

PDF_OR_IMAGE = (PDF, PNG, JPEG)
PDF_OR_TEXT = (PDF, TEXT)
ONLY_PDF = (PDF,)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _names(kinds: tuple[FileKind, ...]) -> str:
    labels = [kind.label for kind in kinds]
    if len(labels) == 1:
        return f"a {labels[0]} file"
    return "a " + ", ".join(labels[:-1]) + f" or {labels[-1]} file"


def check_upload(
    upload: UploadedFile,
    *,
    kinds: tuple[FileKind, ...],
    field: str,
    what: str = "The file",
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> str:
    """The upload's extension, or a DomainError on `field` saying what is accepted:
    the name's extension, the declared content type, the size and the first bytes
    must all agree."""
    name = (upload.name or "").lower()
    kind = next((k for k in kinds if name.endswith(k.extensions)), None)
    expected = f"{what} must be {_names(kinds)}."
    if kind is None or (upload.content_type or "") not in kind.content_types:
        raise DomainError(expected, field=field)
    if (upload.size or 0) > max_bytes:
        raise DomainError(
            f"{what} must be smaller than {max_bytes // (1024 * 1024)} MB.", field=field
        )
    head = upload.read(8)
    upload.seek(0)
    if kind.magic and not head.startswith(kind.magic):
        raise DomainError(f"{what} is not the kind of file its name says.", field=field)
    if not kind.magic and b"\x00" in upload.read(8192):
        upload.seek(0)
        raise DomainError(f"{what} is not the kind of file its name says.", field=field)
    upload.seek(0)
    return next(ext for ext in kind.extensions if name.endswith(ext))


def generated_name(extension: str) -> str:
    """A file name nothing the uploader chose reaches: a random name and the
    checked extension."""
    return f"{uuid.uuid4().hex}{extension}"


def display_name(upload: UploadedFile, default: str = "file") -> str:
    """The uploader's name for the file, kept only to offer it back on download."""
    return (upload.name or default).replace("\x00", "")[-200:]


def private_download(file: FieldFile, filename: str) -> FileResponse:
    """Serve a private file as an attachment that no browser renders inline."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename or "file")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
