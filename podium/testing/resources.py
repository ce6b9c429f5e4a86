"""Helpers for tests of the resources library."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from podium.accounts.models import User
from podium.resources import services
from podium.resources.models import Kind, Resource
from podium.resources.pdf import simple_pdf


def pdf_upload(name: str = "code.pdf", title: str = "Code of practice") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, simple_pdf(title, ["A line."]), content_type="application/pdf")


def make_link(admin: User, title: str = "OfS Regulatory advice 24", **facts: Any) -> Resource:
    values: dict[str, Any] = {"url": "https://www.officeforstudents.org.uk/ra24/", **facts}
    return services.add_resource(
        acting_user=admin, kind=Kind.LINK, facts=services.ResourceFacts(title=title, **values)
    )


def make_document(
    admin: User, title: str = "Code of practice on freedom of speech", **facts: Any
) -> Resource:
    return services.add_resource(
        acting_user=admin,
        kind=Kind.DOCUMENT,
        facts=services.ResourceFacts(title=title, **facts),
        document=pdf_upload(),
    )


def make_contact(
    admin: User, title: str = "Regional Prevent co-ordinator", **facts: Any
) -> Resource:
    values: dict[str, Any] = {"phone": "01632 960 401", **facts}
    return services.add_resource(
        acting_user=admin, kind=Kind.CONTACT, facts=services.ResourceFacts(title=title, **values)
    )
