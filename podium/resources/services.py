"""Writes to the resources library. Each service runs in one transaction and
writes one audit entry per change; free text (titles, descriptions, contact
details) is named in the entry, never copied into it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.services import changes, record
from podium.core.errors import DomainError, NotAllowed
from podium.core.files import ONLY_PDF, check_upload, display_name, generated_name
from podium.core.versioning import check_version
from podium.resources import access
from podium.resources.models import (
    DocumentVersion,
    Kind,
    Place,
    Resource,
    ResourcePlace,
    ResourceRole,
)

if TYPE_CHECKING:
    from podium.accounts.models import User

# The fields an edit form carries (and whose version it checks).
RESOURCE_FIELDS = (
    "title",
    "description",
    "url",
    "organisation",
    "contact_role",
    "phone",
    "email",
    "notes",
    "for_everyone",
    "is_public",
)
# Free text someone typed: the audit entry says it changed, never what it says.
TEXT_FIELDS = (
    "title",
    "description",
    "url",
    "organisation",
    "contact_role",
    "phone",
    "email",
    "notes",
)

URL_MESSAGE = (
    "Enter the link's address as a full web address starting with https:// "
    "(or a page of Podium starting with /)."
)


@dataclass
class ResourceFacts:
    """What an administrator says about a resource (its kind is fixed when added)."""

    title: str
    places: list[str] = field(default_factory=list)
    description: str = ""
    url: str = ""
    organisation: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    for_everyone: bool = True
    roles: list[str] = field(default_factory=list)
    is_public: bool = False


def require_manager(user: Any) -> None:
    """The library is kept institution-wide: administrators of the whole institution."""
    if not access.manages(user):
        raise NotAllowed("Only an administrator of the whole institution keeps the library.")


def is_valid_url(url: str) -> bool:
    """A full http(s) address, or a path on this site ("/sharing/agreements/")."""
    if not url.isprintable() or any(c.isspace() for c in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//") and "\\" not in url
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return True


def _problems(kind: str, facts: ResourceFacts) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    if not facts.title.strip():
        what = "the contact's name or office" if kind == Kind.CONTACT else "a title"
        problems.append(("title", f"Enter {what}."))
    if kind == Kind.LINK:
        if not facts.url.strip():
            problems.append(("url", "Enter the link's address."))
        elif not is_valid_url(facts.url.strip()):
            problems.append(("url", URL_MESSAGE))
    if facts.email.strip():
        try:
            validate_email(facts.email.strip())
        except ValidationError:
            problems.append(("email", "Enter an e-mail address like name@example.org."))
    if kind == Kind.CONTACT and not (facts.phone.strip() or facts.email.strip()):
        problems.append(("phone", "Enter a telephone number or an e-mail address."))
    unknown_places = set(facts.places) - set(Place.values)
    if unknown_places:
        problems.append(("places", "Choose places from the list."))
    if set(facts.roles) - set(Role.values):
        problems.append(("roles", "Choose roles from the list."))
    elif not facts.for_everyone and not facts.roles:
        problems.append(
            ("roles", "Choose the roles that may read it, or let everyone signed in read it.")
        )
    return problems


def _values(resource: Resource) -> dict[str, Any]:
    return {name: getattr(resource, name) for name in RESOURCE_FIELDS}


def _tags(resource: Resource) -> tuple[list[str], list[str]]:
    places = sorted(resource.places.values_list("place", flat=True))
    roles = sorted(resource.roles.values_list("role", flat=True))
    return places, roles


def _set_tags(resource: Resource, places: Iterable[str], roles: Iterable[str]) -> None:
    resource.places.all().delete()
    resource.roles.all().delete()
    ResourcePlace.objects.bulk_create(
        ResourcePlace(resource=resource, place=p) for p in sorted(set(places))
    )
    ResourceRole.objects.bulk_create(
        ResourceRole(resource=resource, role=r) for r in sorted(set(roles))
    )


def _clean(facts: ResourceFacts, kind: str) -> dict[str, Any]:
    values: dict[str, Any] = {name: (getattr(facts, name) or "").strip() for name in TEXT_FIELDS}
    if kind != Kind.LINK:
        values["url"] = ""
    if kind != Kind.CONTACT:
        values.update(organisation="", contact_role="", phone="", email="", notes="")
    values["for_everyone"] = facts.for_everyone
    values["is_public"] = facts.is_public
    return values


def _store_version(*, acting_user: User, resource: Resource, upload: UploadedFile) -> int:
    extension = check_upload(upload, kinds=ONLY_PDF, field="document", what="The document")
    latest = resource.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = DocumentVersion(
        resource=resource,
        number=latest + 1,
        file_name=display_name(upload, "document.pdf"),
        size=upload.size or 0,
        uploaded_by=acting_user,
    )
    version.file.save(generated_name(extension), upload, save=False)
    version.save()
    return version.number


def add_resource(
    *,
    acting_user: User,
    kind: str,
    facts: ResourceFacts,
    document: UploadedFile | None = None,
) -> Resource:
    """Add a document (with its first version), a link or a contact."""
    require_manager(acting_user)
    if kind not in Kind.values:
        raise DomainError("Choose a kind of resource.", field="kind")
    problems = _problems(kind, facts)
    if kind == Kind.DOCUMENT:
        if document is None:
            problems.append(("document", "Choose a PDF file to upload."))
        else:
            try:
                check_upload(document, kinds=ONLY_PDF, field="document", what="The document")
            except DomainError as error:
                problems += error.problems
    if problems:
        raise DomainError.of(problems)
    with transaction.atomic():
        resource = Resource.objects.create(kind=kind, created_by=acting_user, **_clean(facts, kind))
        _set_tags(resource, facts.places, [] if facts.for_everyone else facts.roles)
        data: dict[str, Any] = {
            "kind": kind,
            "places": sorted(set(facts.places)),
            "roles": sorted(set(facts.roles)) if not facts.for_everyone else [],
            "public": facts.is_public,
        }
        if document is not None:
            data["version"] = _store_version(
                acting_user=acting_user, resource=resource, upload=document
            )
        record(action="resources.resource.added", actor=acting_user, target=resource, data=data)
    return resource


def change_resource(
    *,
    acting_user: User,
    resource: Resource,
    facts: ResourceFacts,
    expected_version: str | None = None,
) -> Resource:
    """Change a resource's details, places and readers."""
    require_manager(acting_user)
    problems = _problems(resource.kind, facts)
    if problems:
        raise DomainError.of(problems)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        check_version(resource, list(RESOURCE_FIELDS), expected_version)
        before = _values(resource)
        places_before, roles_before = _tags(resource)
        for name, value in _clean(facts, resource.kind).items():
            setattr(resource, name, value)
        resource.updated_at = timezone.now()
        resource.save(update_fields=[*RESOURCE_FIELDS, "updated_at"])
        _set_tags(resource, facts.places, [] if facts.for_everyone else facts.roles)
        places_after, roles_after = _tags(resource)
        record(
            action="resources.resource.changed",
            actor=acting_user,
            target=resource,
            data={
                "changes": changes(
                    {**before, "places": places_before, "roles": roles_before},
                    {**_values(resource), "places": places_after, "roles": roles_after},
                    text_fields=TEXT_FIELDS,
                )
            },
        )
    return resource


def upload_version(*, acting_user: User, resource: Resource, document: UploadedFile) -> int:
    """Add a new version of a document; the earlier versions are kept."""
    require_manager(acting_user)
    if resource.kind != Kind.DOCUMENT:
        raise DomainError("Only a document has versions.", field="document")
    check_upload(document, kinds=ONLY_PDF, field="document", what="The document")
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.is_retired:
            raise DomainError("This resource is retired: restore it before uploading a version.")
        number = _store_version(acting_user=acting_user, resource=resource, upload=document)
        resource.updated_at = timezone.now()
        resource.save(update_fields=["updated_at"])
        record(
            action="resources.document.uploaded",
            actor=acting_user,
            target=resource,
            data={"version": number},
        )
    return number


def retire_resource(*, acting_user: User, resource: Resource) -> Resource:
    """Take a resource out of the library and its places; the row and its versions stay."""
    require_manager(acting_user)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.is_retired:
            raise DomainError("This resource is already retired.")
        resource.retired_at = timezone.now()
        resource.retired_by = acting_user
        resource.save(update_fields=["retired_at", "retired_by"])
        record(action="resources.resource.retired", actor=acting_user, target=resource)
    return resource


def restore_resource(*, acting_user: User, resource: Resource) -> Resource:
    """Bring a retired resource back into the library and its places."""
    require_manager(acting_user)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if not resource.is_retired:
            raise DomainError("This resource is not retired.")
        resource.retired_at = None
        resource.retired_by = None
        resource.save(update_fields=["retired_at", "retired_by"])
        record(action="resources.resource.restored", actor=acting_user, target=resource)
    return resource
