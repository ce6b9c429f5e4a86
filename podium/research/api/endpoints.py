"""The research register's API: list, read and register (the same services and
access rules as the pages), and the rapid-response lookup, a POST with its reason."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from podium.accounts import permissions
from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Capability
from podium.api.kit import ERRORS, WRITE, Cursor, Id, In, InvalidInput, required_text, user_of
from podium.core.errors import DomainError
from podium.research import access, selectors, services
from podium.research.models import (
    MaterialKind,
    Registration,
    ResearcherKind,
    State,
    StorageLocation,
)

router = Router(tags=["security-sensitive research"])
lookup_router = Router(tags=["security-sensitive research"])


def _id(name: str) -> str:
    return f"podium_research_api_{name}"


class RegistrationOut(Schema):
    id: int
    reference: str
    title: str
    state: str = Field(description="submitted, registered, declined, closed or expired")
    researcher: str
    researcher_kind: str = Field(description="staff or student")
    researcher_number: str
    supervisor: str | None
    unit: int
    unit_name: str
    ethics_reference: str
    material_kinds: list[str]
    storage_location: str
    storage_attested: bool
    starts_on: date
    ends_on: date
    awaiting: list[str] = Field(description="whose approval it still waits for")

    @staticmethod
    def of(r: Registration) -> RegistrationOut:
        return RegistrationOut(
            id=r.pk,
            reference=r.reference,
            title=r.title,
            state=r.state,
            researcher=r.researcher.full_name,
            researcher_kind=r.researcher_kind,
            researcher_number=r.researcher_number,
            supervisor=r.supervisor.full_name if r.supervisor else None,
            unit=r.unit_id,
            unit_name=r.unit.name,
            ethics_reference=r.ethics_reference,
            material_kinds=[kind.name for kind in r.material_kinds.all()],
            storage_location=r.storage_location.name,
            storage_attested=r.storage_attested,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            awaiting=r.awaiting,
        )


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next_cursor: str | None


class RegistrationFilter(Schema):
    show: Annotated[str, Field(max_length=20, description="mine, to_approve or all")] = "all"
    state: Annotated[str, Field(max_length=20)] = ""
    cursor: Cursor = None


@router.get(
    "",
    response={200: RegistrationPage, **ERRORS},
    summary="List research registrations",
    url_name="research-registrations",
    operation_id=_id("registration_list"),
)
def registration_list(request: HttpRequest, filters: Query[RegistrationFilter]) -> RegistrationPage:
    """Your own, those you supervise or approve, and (for the research governance
    officer) every one in their units; newest first, 50 a page."""
    user = user_of(request)
    show = filters.show if filters.show in selectors.SHOWS else "all"
    page = selectors.registration_page(
        user=user,
        show=show,
        state=filters.state if filters.state in State.values else "",
        after=filters.cursor,
    )
    items = list(page.items)
    prefetch_related_objects(items, "material_kinds")
    return RegistrationPage(
        items=[RegistrationOut.of(r) for r in items], next_cursor=page.next_cursor
    )


@router.get(
    "/{pk}",
    response={200: RegistrationOut, **ERRORS},
    summary="A research registration",
    url_name="research-registration",
    operation_id=_id("registration_detail"),
)
def registration_detail(request: HttpRequest, pk: Id) -> RegistrationOut:
    return RegistrationOut.of(access.get_registration_or_404(user_of(request), pk))


class RegistrationIn(In):
    title: Annotated[str, required_text(300)]
    researcher_kind: Annotated[str, Field(max_length=16, description="staff or student")]
    researcher_number: Annotated[str, required_text(32)]
    supervisor: Id | None = Field(None, description="The supervisor's user id (students).")
    unit: Id = Field(description="The department's unit id.")
    ethics_reference: Annotated[str, required_text(100)]
    material_kinds: Annotated[list[Id], Field(min_length=1, max_length=50)]
    storage_location: Id
    storage_attested: bool = Field(
        description="The researcher attests the material stays in that location."
    )
    starts_on: date
    ends_on: date


@router.post(
    "",
    response={201: RegistrationOut, **ERRORS},
    auth=WRITE,
    summary="Register a security-sensitive research project",
    url_name="research-registrations",
    operation_id=_id("registration_create"),
)
def registration_create(request: HttpRequest, payload: RegistrationIn) -> Status[RegistrationOut]:
    """Registers the token's owner as the researcher; it then awaits approval.
    Registration records awareness; it is not an ethics review."""
    user = user_of(request)
    problems: list[tuple[str | None, str]] = []
    unit = OrgUnit.objects.filter(pk=payload.unit, is_active=True).first()
    if unit is None:
        problems.append(("unit", "Unknown unit."))
    supervisor = None
    if payload.supervisor is not None:
        supervisor = User.objects.filter(pk=payload.supervisor, is_active=True).first()
        if supervisor is None:
            problems.append(("supervisor", "Unknown person."))
    kinds = list(MaterialKind.objects.filter(pk__in=payload.material_kinds))
    if len(kinds) != len(set(payload.material_kinds)):
        problems.append(("material_kinds", "Unknown kind of material."))
    location = StorageLocation.objects.filter(pk=payload.storage_location).first()
    if location is None:
        problems.append(("storage_location", "Unknown storage location."))
    if payload.researcher_kind not in ResearcherKind.values:
        problems.append(("researcher_kind", "Use staff or student."))
    if problems:
        raise InvalidInput(problems)
    assert unit is not None
    assert location is not None
    try:
        registration = services.register(
            acting_user=user,
            facts=services.RegistrationFacts(
                title=payload.title,
                researcher_kind=payload.researcher_kind,
                researcher_number=payload.researcher_number,
                supervisor=supervisor,
                unit=unit,
                ethics_reference=payload.ethics_reference,
                material_kinds=kinds,
                storage_location=location,
                storage_attested=payload.storage_attested,
                starts_on=payload.starts_on,
                ends_on=payload.ends_on,
            ),
        )
    except DomainError as error:
        raise InvalidInput(error.problems) from None
    return Status(201, RegistrationOut.of(access.get_registration_or_404(user, registration.pk)))


class LookupIn(In):
    query: Annotated[str, required_text(200)] = Field(
        description="A name (spelling-tolerant) or a staff or student number."
    )
    purpose: Annotated[str, Field(max_length=32)] = Field(
        description="police, security_services, internal_security, safeguarding or other"
    )
    reason: Annotated[str, required_text(2000)] = Field(
        description="Who asked, and why: at least 10 characters. Kept in the lookup log."
    )


class LookupOut(Schema):
    lookup: str
    kind: str = Field(description="name or number")
    registrations: list[RegistrationOut]


@lookup_router.post(
    "",
    response={200: LookupOut, **ERRORS},
    auth=WRITE,
    summary="Look up a person's research registrations, with a reason",
    url_name="research-lookups",
    operation_id=_id("lookup"),
)
def lookup(request: HttpRequest, payload: LookupIn) -> LookupOut:
    """For the research governance officer, the Prevent lead and the head of
    security. Refused without a purpose and a reason; every lookup is logged and
    audited."""
    user = user_of(request)
    permissions.require(user, Capability.LOOKUP_RESEARCH)
    try:
        result = services.lookup(
            acting_user=user, query=payload.query, purpose=payload.purpose, reason=payload.reason
        )
    except DomainError as error:
        raise InvalidInput(error.problems) from None
    return LookupOut(
        lookup=str(result.lookup),
        kind=result.lookup.kind,
        registrations=[RegistrationOut.of(r) for r in result.registrations],
    )
