"""`/api/v1/me`, `/units`, `/users`, `/role-assignments` (mounted by `config/api.py`):
people, units and role assignments for automation.

Endpoints are thin, like the pages: authenticate the token, ask
`podium.accounts.permissions` (the same 403/404 rules as the pages), validate with
the same forms, call the same service, answer JSON. The OpenAPI document is
generated from the type hints below. Operation ids are fixed (`operation_id=`):
they were generated from the module's old name, and generated clients use them.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from podium.accounts import permissions, selectors, services
from podium.accounts.forms import PersonForm, UnitForm
from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Capability, Role
from podium.accounts.services import UNIT_EDITED_FIELDS, USER_EDITED_FIELDS
from podium.api.kit import (
    ERRORS,
    VERSION_HELP,
    WRITE,
    Cursor,
    Id,
    In,
    InvalidInput,
    Limit,
    UnitRef,
    Version,
    required_text,
    user_of,
    validated,
)
from podium.core.pagination import Page, keyset_page
from podium.core.versioning import version_of

router = Router()


def _id(name: str) -> str:
    """The operation id clients know (from when these lived in `podium.api.v1`)."""
    return f"podium_api_v1_{name}"


# --- Schemas -------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    user: int
    user_email: str
    role: Role
    role_label: str
    unit: UnitRef
    include_descendants: bool
    granted_at: datetime

    @staticmethod
    def of(a: RoleAssignment) -> AssignmentOut:
        return AssignmentOut(
            id=a.pk,
            user=a.user_id,
            user_email=a.user.email,
            role=Role(a.role),
            role_label=a.get_role_display(),
            unit=UnitRef(id=a.unit.pk, name=a.unit.name),
            include_descendants=a.include_descendants,
            granted_at=a.granted_at,
        )


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    roles: list[AssignmentOut]


class UnitOut(Schema):
    id: int
    name: str
    kind: UnitKind
    parent: int | None
    path: str
    is_active: bool
    version: str = Field(description=VERSION_HELP)

    @staticmethod
    def of(unit: OrgUnit) -> UnitOut:
        return UnitOut(
            id=unit.pk,
            name=unit.name,
            kind=UnitKind(unit.kind),
            parent=unit.parent_id,
            path=unit.path,
            is_active=unit.is_active,
            version=version_of(unit, UNIT_EDITED_FIELDS),
        )


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


class UnitIn(In):
    name: str = required_text(200)
    kind: UnitKind
    parent: Id


class UnitChange(In):
    """Only the fields sent change. `parent` is ignored for the institution."""

    name: str | None = required_text(200, default=None)
    kind: UnitKind | None = None
    parent: Id | None = None
    is_active: bool | None = None
    version: Version = None


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    is_active: bool
    deactivated_at: datetime | None
    version: str = Field(description=VERSION_HELP)

    @staticmethod
    def of(user: User) -> UserOut:
        return UserOut(
            id=user.pk,
            email=user.email,
            full_name=user.full_name,
            is_active=user.is_active,
            deactivated_at=user.deactivated_at,
            version=version_of(user, USER_EDITED_FIELDS),
        )


class UserPage(Schema):
    items: list[UserOut]
    next_cursor: str | None


class UserIn(In):
    email: str = required_text(254)
    full_name: str = required_text(200)


class UserChange(In):
    email: str | None = required_text(254, default=None)
    full_name: str | None = required_text(200, default=None)
    version: Version = None


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_cursor: str | None


class GrantIn(In):
    user: Id
    role: Role
    unit: Id
    include_descendants: bool = True


class UserFilter(Schema):
    q: str = Field(default="", max_length=200, description="Part of a name or e-mail address")
    cursor: Cursor = None
    limit: Limit = 50


class PageFilter(Schema):
    cursor: Cursor = None
    limit: Limit = 50


class AssignmentFilter(Schema):
    unit: Id | None = None
    user: Id | None = None
    cursor: Cursor = None
    limit: Limit = 50


# --- Me ------------------------------------------------------------------------


@router.get(
    "/me",
    response={200: MeOut, **ERRORS},
    summary="Who am I",
    operation_id=_id("me"),
    url_name="me",
    tags=["me"],
)
def me(request: HttpRequest) -> MeOut:
    """The token's holder and the roles they hold now."""
    user = user_of(request)
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        roles=[AssignmentOut.of(a) for a in selectors.role_summary(user=user)],
    )


# --- Units ---------------------------------------------------------------------


def _require_unit_viewer(user: User) -> None:
    if not (
        permissions.has_capability(user, Capability.MANAGE_UNITS)
        or permissions.has_capability(user, Capability.VIEW_PEOPLE)
    ):
        raise PermissionDenied


def _visible_units(user: User) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        permissions.unit_scope(user, Capability.MANAGE_UNITS)
        | permissions.unit_scope(user, Capability.VIEW_PEOPLE)
    )


@router.get(
    "/units",
    response={200: UnitPage, **ERRORS},
    summary="List units",
    url_name="units",
    operation_id=_id("unit_list"),
    tags=["units"],
)
def unit_list(request: HttpRequest, filters: Query[PageFilter]) -> UnitPage:
    """Units the caller manages or whose people they see, in tree order."""
    user = user_of(request)
    _require_unit_viewer(user)
    page: Page[OrgUnit] = keyset_page(
        _visible_units(user), field="path", after=filters.cursor, size=filters.limit
    )
    return UnitPage(items=[UnitOut.of(u) for u in page.items], next_cursor=page.next_cursor)


@router.post(
    "/units",
    response={201: UnitOut, **ERRORS},
    auth=WRITE,
    summary="Add a unit",
    url_name="units",
    operation_id=_id("unit_create"),
    tags=["units"],
)
def unit_create(request: HttpRequest, payload: UnitIn) -> Status[UnitOut]:
    """Add a unit under one the caller manages."""
    user = user_of(request)
    permissions.require(user, Capability.MANAGE_UNITS)
    form = UnitForm(
        data={"name": payload.name, "kind": payload.kind, "parent": payload.parent},
        parents=selectors.parent_choices(viewer=user),
    )
    data = validated(form)
    unit = services.create_unit(
        acting_user=user, name=data["name"], kind=data["kind"], parent=data["parent"]
    )
    return Status(201, UnitOut.of(unit))


@router.get(
    "/units/{pk}",
    response={200: UnitOut, **ERRORS},
    summary="Get a unit",
    url_name="unit",
    operation_id=_id("unit_detail"),
    tags=["units"],
)
def unit_detail(request: HttpRequest, pk: Id) -> UnitOut:
    user = user_of(request)
    _require_unit_viewer(user)
    unit = _visible_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return UnitOut.of(unit)


@router.patch(
    "/units/{pk}",
    response={200: UnitOut, **ERRORS},
    auth=WRITE,
    summary="Change a unit",
    url_name="unit",
    operation_id=_id("unit_update"),
    tags=["units"],
)
def unit_update(request: HttpRequest, pk: Id, payload: UnitChange) -> UnitOut:
    """Rename, re-classify, move or archive a unit the caller manages."""
    user = user_of(request)
    unit = permissions.get_unit_or_404(user, Capability.MANAGE_UNITS, pk)
    editing_root = unit.parent_id is None
    sent = payload.model_fields_set
    data = {
        "name": payload.name if "name" in sent else unit.name,
        "kind": payload.kind if "kind" in sent else unit.kind,
        "parent": payload.parent if "parent" in sent else unit.parent_id,
        "is_active": payload.is_active if "is_active" in sent else unit.is_active,
    }
    form = UnitForm(
        data=data,
        parents=selectors.parent_choices(viewer=user).exclude(path__startswith=unit.path),
        editing_root=editing_root,
    )
    cleaned = validated(form)
    unit = services.update_unit(
        acting_user=user,
        unit=unit,
        name=cleaned["name"],
        kind=cleaned["kind"],
        parent=None if editing_root else cleaned["parent"],
        is_active=cleaned["is_active"],
        expected_version=payload.version,
    )
    return UnitOut.of(unit)


# --- People --------------------------------------------------------------------


def _person_or_404(pk: int) -> User:
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


@router.get(
    "/users",
    response={200: UserPage, **ERRORS},
    summary="List people",
    url_name="users",
    operation_id=_id("user_list"),
    tags=["users"],
)
def user_list(request: HttpRequest, filters: Query[UserFilter]) -> UserPage:
    """Everyone with an account, by name. Needs View people over the whole institution."""
    permissions.require_institution_wide(user_of(request), Capability.VIEW_PEOPLE)
    # NUL cannot be stored or searched for in PostgreSQL, and no name contains one.
    search = filters.q.replace("\x00", "").strip()
    page = selectors.people_page(search=search, after=filters.cursor, size=filters.limit)
    return UserPage(items=[UserOut.of(u) for u in page.items], next_cursor=page.next_cursor)


@router.post(
    "/users",
    response={201: UserOut, **ERRORS},
    auth=WRITE,
    summary="Add a person",
    url_name="users",
    operation_id=_id("user_create"),
    tags=["users"],
)
def user_create(request: HttpRequest, payload: UserIn) -> Status[UserOut]:
    """Add a person; they are e-mailed a link to choose a password."""
    user = user_of(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    data = validated(PersonForm(data=payload.dict()))
    person = services.create_user(
        acting_user=user, email=data["email"], full_name=data["full_name"], request=request
    )
    return Status(201, UserOut.of(person))


@router.get(
    "/users/{pk}",
    response={200: UserOut, **ERRORS},
    summary="Get a person",
    url_name="user",
    operation_id=_id("user_detail"),
    tags=["users"],
)
def user_detail(request: HttpRequest, pk: Id) -> UserOut:
    permissions.require_institution_wide(user_of(request), Capability.VIEW_PEOPLE)
    return UserOut.of(_person_or_404(pk))


@router.patch(
    "/users/{pk}",
    response={200: UserOut, **ERRORS},
    auth=WRITE,
    summary="Change a person",
    url_name="user",
    operation_id=_id("user_update"),
    tags=["users"],
)
def user_update(request: HttpRequest, pk: Id, payload: UserChange) -> UserOut:
    user = user_of(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    person = _person_or_404(pk)
    sent = payload.model_fields_set
    data = validated(
        PersonForm(
            data={
                "email": payload.email if "email" in sent else person.email,
                "full_name": payload.full_name if "full_name" in sent else person.full_name,
            }
        )
    )
    person = services.update_user(
        acting_user=user,
        user=person,
        email=data["email"],
        full_name=data["full_name"],
        expected_version=payload.version,
    )
    return UserOut.of(person)


@router.post(
    "/users/{pk}/deactivate",
    response={200: UserOut, **ERRORS},
    auth=WRITE,
    summary="Deactivate a person",
    url_name="user-deactivate",
    operation_id=_id("user_deactivate"),
    tags=["users"],
)
def user_deactivate(request: HttpRequest, pk: Id) -> UserOut:
    """Stop a person signing in (and end their sessions and tokens)."""
    user = user_of(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    return UserOut.of(services.deactivate_user(acting_user=user, user=_person_or_404(pk)))


@router.post(
    "/users/{pk}/reactivate",
    response={200: UserOut, **ERRORS},
    auth=WRITE,
    summary="Reactivate a person",
    url_name="user-reactivate",
    operation_id=_id("user_reactivate"),
    tags=["users"],
)
def user_reactivate(request: HttpRequest, pk: Id) -> UserOut:
    user = user_of(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    return UserOut.of(services.reactivate_user(acting_user=user, user=_person_or_404(pk)))


# --- Role assignments ----------------------------------------------------------


@router.get(
    "/role-assignments",
    response={200: AssignmentPage, **ERRORS},
    summary="List role assignments",
    url_name="role-assignments",
    operation_id=_id("assignment_list"),
    tags=["role assignments"],
)
def assignment_list(request: HttpRequest, filters: Query[AssignmentFilter]) -> AssignmentPage:
    """Current role assignments over units where the caller manages roles or sees people."""
    user = user_of(request)
    if not (
        permissions.has_capability(user, Capability.MANAGE_ROLES)
        or permissions.has_capability(user, Capability.VIEW_PEOPLE)
    ):
        raise PermissionDenied
    scope = permissions.unit_scope(
        user, Capability.MANAGE_ROLES, prefix="unit__"
    ) | permissions.unit_scope(user, Capability.VIEW_PEOPLE, prefix="unit__")
    assignments = RoleAssignment.objects.current().filter(scope).select_related("user", "unit")
    if filters.unit is not None:
        assignments = assignments.filter(unit_id=filters.unit)
    if filters.user is not None:
        assignments = assignments.filter(user_id=filters.user)
    page = keyset_page(assignments, field="id", after=filters.cursor, size=filters.limit)
    return AssignmentPage(
        items=[AssignmentOut.of(a) for a in page.items], next_cursor=page.next_cursor
    )


@router.post(
    "/role-assignments",
    response={201: AssignmentOut, **ERRORS},
    auth=WRITE,
    summary="Grant a role",
    url_name="role-assignments",
    operation_id=_id("assignment_grant"),
    tags=["role assignments"],
)
def assignment_grant(request: HttpRequest, payload: GrantIn) -> Status[AssignmentOut]:
    """Give a person a role over a unit where the caller manages roles (404 elsewhere)."""
    user = user_of(request)
    unit = permissions.get_unit_or_404(user, Capability.MANAGE_ROLES, payload.unit)
    person = User.objects.filter(pk=payload.user).first()
    if person is None:
        raise InvalidInput([("user", "No one with this id has a Podium account.")])
    assignment = services.grant_role(
        acting_user=user,
        user=person,
        role=payload.role,
        unit=unit,
        include_descendants=payload.include_descendants,
    )
    return Status(201, AssignmentOut.of(assignment))


@router.post(
    "/role-assignments/{pk}/revoke",
    response={200: AssignmentOut, **ERRORS},
    auth=WRITE,
    summary="Revoke a role",
    url_name="role-assignment-revoke",
    operation_id=_id("assignment_revoke"),
    tags=["role assignments"],
)
def assignment_revoke(request: HttpRequest, pk: Id) -> AssignmentOut:
    """End a current role assignment over a unit where the caller manages roles."""
    user = user_of(request)
    permissions.require(user, Capability.MANAGE_ROLES)
    assignment = (
        RoleAssignment.objects.current()
        .filter(permissions.unit_scope(user, Capability.MANAGE_ROLES, prefix="unit__"))
        .filter(Q(pk=pk))
        .select_related("user", "unit")
        .first()
    )
    if assignment is None:
        raise Http404
    return AssignmentOut.of(services.revoke_role(acting_user=user, assignment=assignment))
