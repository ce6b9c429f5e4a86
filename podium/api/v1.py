"""`/api/v1/`: people, units and role assignments for automation.

Endpoints are thin, like the pages: authenticate the token, ask
`podium.accounts.permissions` (the same 403/404 rules as the pages), validate with
the same forms, call the same service, answer JSON. The OpenAPI document is
generated from the type hints below.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from podium.accounts import permissions, selectors, services
from podium.accounts.forms import PersonForm, UnitForm
from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Capability, Role
from podium.accounts.services import UNIT_EDITED_FIELDS, USER_EDITED_FIELDS
from podium.api.models import ApiToken
from podium.api.selectors import usable_token
from podium.core.errors import DomainError
from podium.core.pagination import Page, keyset_page
from podium.core.versioning import version_of

# --- Authentication ------------------------------------------------------------


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. Only tokens: a session cookie authenticates
    nothing here, so a cross-site request cannot write without a token (no CSRF)."""

    def __init__(self, *, write: bool) -> None:
        super().__init__()
        self.write = write

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = usable_token(secret=token)
        if api_token is None:
            return None
        request.api_token = api_token  # type: ignore[attr-defined]  # read by urls.attributed
        request.user = api_token.user
        if self.write and not api_token.can_write:
            raise HttpError(
                403, "This token is read-only; create a read-write token to change data."
            )
        return api_token


READ = TokenAuth(write=False)
WRITE: TokenAuth = TokenAuth(write=True)

api = NinjaAPI(
    title="Podium API",
    version="1",
    description=(
        "People, organisational units, role assignments and event requests. "
        "Authenticate with a "
        "personal API token: `Authorization: Bearer <token>`. Errors are "
        '`{"errors": [{"field": "email", "message": "…"}]}`; `field` is null when '
        "the message is about the whole request."
    ),
    auth=READ,
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
)


# --- Errors --------------------------------------------------------------------


class FieldError(Schema):
    field: str | None
    message: str


class Errors(Schema):
    errors: list[FieldError]


class InvalidInput(Exception):
    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def errors_response(
    request: HttpRequest, status: int, errors: list[tuple[str | None, str]]
) -> HttpResponse:
    body = {"errors": [{"field": field, "message": message} for field, message in errors]}
    return api.create_response(request, body, status=status)


def _field_of(location: Any) -> str | None:
    parts = [str(part) for part in location]
    # ("body", "payload", "email") -> "email"; ("query", "cursor") -> "cursor"
    parts = parts[2:] if parts[:1] == ["body"] else parts[1:]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return errors_response(
        request, 400, [(_field_of(e.get("loc", ())), str(e.get("msg", ""))) for e in exc.errors]
    )


@api.exception_handler(InvalidInput)
def _invalid_form(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return errors_response(request, 400, exc.errors)


@api.exception_handler(DomainError)
def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # A rule about one field is bad input (400); a rule about the record's state
    # ("already revoked") is a conflict (409).
    return errors_response(request, 400 if exc.field else 409, [(exc.field, exc.message)])


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = errors_response(
        request,
        401,
        [(None, "Send a valid API token: Authorization: Bearer <token>.")],
    )
    response["WWW-Authenticate"] = 'Bearer realm="podium"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if message.startswith("Cannot parse request body"):  # django-ninja's words for bad JSON
        message = "The request body is not valid JSON."
    return errors_response(request, exc.status_code, [(None, message)])


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return errors_response(request, 403, [(None, "You do not have permission to do this.")])


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return errors_response(request, 404, [(None, "Not found.")])


def _validated(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or InvalidInput with every field's messages."""
    if not form.is_valid():
        raise InvalidInput(
            [
                (None if field == "__all__" else field, str(message))
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    return form.cleaned_data


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


ERRORS: dict[int, type[Errors]] = {400: Errors, 401: Errors, 403: Errors, 404: Errors, 409: Errors}


# --- Schemas -------------------------------------------------------------------

# Database ids: anything larger cannot exist, and is refused before a query.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Cursor = Annotated[str | None, Field(max_length=500)]
VERSION_HELP = (
    "The record's version when you read it. Send it back with a PATCH and the change "
    "is refused (409) if someone else saved in between."
)
Version = Annotated[str | None, Field(max_length=64, description=VERSION_HELP)]
Limit = Annotated[int, Field(ge=1, le=100)]


class UnitRef(Schema):
    id: int
    name: str


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


class UnitIn(Schema):
    name: str = Field(max_length=200)
    kind: UnitKind
    parent: Id


class UnitChange(Schema):
    """Only the fields sent change. `parent` is ignored for the institution."""

    name: str | None = Field(default=None, max_length=200)
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


class UserIn(Schema):
    email: str = Field(max_length=254)
    full_name: str = Field(max_length=200)


class UserChange(Schema):
    email: str | None = Field(default=None, max_length=254)
    full_name: str | None = Field(default=None, max_length=200)
    version: Version = None


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_cursor: str | None


class GrantIn(Schema):
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


@api.get("/me", response={200: MeOut, **ERRORS}, summary="Who am I", url_name="me", tags=["me"])
def me(request: HttpRequest) -> MeOut:
    """The token's holder and the roles they hold now."""
    user = _user(request)
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


@api.get(
    "/units",
    response={200: UnitPage, **ERRORS},
    summary="List units",
    url_name="units",
    tags=["units"],
)
def unit_list(request: HttpRequest, filters: Query[PageFilter]) -> UnitPage:
    """Units the caller manages or whose people they see, in tree order."""
    user = _user(request)
    _require_unit_viewer(user)
    page: Page[OrgUnit] = keyset_page(
        _visible_units(user), field="path", after=filters.cursor, size=filters.limit
    )
    return UnitPage(items=[UnitOut.of(u) for u in page.items], next_cursor=page.next_cursor)


@api.post(
    "/units",
    response={201: UnitOut, **ERRORS},
    auth=WRITE,
    summary="Add a unit",
    url_name="units",
    tags=["units"],
)
def unit_create(request: HttpRequest, payload: UnitIn) -> Status[UnitOut]:
    """Add a unit under one the caller manages."""
    user = _user(request)
    permissions.require(user, Capability.MANAGE_UNITS)
    form = UnitForm(
        data={"name": payload.name, "kind": payload.kind, "parent": payload.parent},
        parents=selectors.parent_choices(viewer=user),
    )
    data = _validated(form)
    unit = services.create_unit(
        acting_user=user, name=data["name"], kind=data["kind"], parent=data["parent"]
    )
    return Status(201, UnitOut.of(unit))


@api.get(
    "/units/{pk}",
    response={200: UnitOut, **ERRORS},
    summary="Get a unit",
    url_name="unit",
    tags=["units"],
)
def unit_detail(request: HttpRequest, pk: Id) -> UnitOut:
    user = _user(request)
    _require_unit_viewer(user)
    unit = _visible_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return UnitOut.of(unit)


@api.patch(
    "/units/{pk}",
    response={200: UnitOut, **ERRORS},
    auth=WRITE,
    summary="Change a unit",
    url_name="unit",
    tags=["units"],
)
def unit_update(request: HttpRequest, pk: Id, payload: UnitChange) -> UnitOut:
    """Rename, re-classify, move or archive a unit the caller manages."""
    user = _user(request)
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
    cleaned = _validated(form)
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


@api.get(
    "/users",
    response={200: UserPage, **ERRORS},
    summary="List people",
    url_name="users",
    tags=["users"],
)
def user_list(request: HttpRequest, filters: Query[UserFilter]) -> UserPage:
    """Everyone with an account, by name. Needs View people over the whole institution."""
    permissions.require_institution_wide(_user(request), Capability.VIEW_PEOPLE)
    # NUL cannot be stored or searched for in PostgreSQL, and no name contains one.
    search = filters.q.replace("\x00", "").strip()
    page = selectors.people_page(search=search, after=filters.cursor, size=filters.limit)
    return UserPage(items=[UserOut.of(u) for u in page.items], next_cursor=page.next_cursor)


@api.post(
    "/users",
    response={201: UserOut, **ERRORS},
    auth=WRITE,
    summary="Add a person",
    url_name="users",
    tags=["users"],
)
def user_create(request: HttpRequest, payload: UserIn) -> Status[UserOut]:
    """Add a person; they are e-mailed a link to choose a password."""
    user = _user(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    data = _validated(PersonForm(data=payload.dict()))
    person = services.create_user(
        acting_user=user, email=data["email"], full_name=data["full_name"], request=request
    )
    return Status(201, UserOut.of(person))


@api.get(
    "/users/{pk}",
    response={200: UserOut, **ERRORS},
    summary="Get a person",
    url_name="user",
    tags=["users"],
)
def user_detail(request: HttpRequest, pk: Id) -> UserOut:
    permissions.require_institution_wide(_user(request), Capability.VIEW_PEOPLE)
    return UserOut.of(_person_or_404(pk))


@api.patch(
    "/users/{pk}",
    response={200: UserOut, **ERRORS},
    auth=WRITE,
    summary="Change a person",
    url_name="user",
    tags=["users"],
)
def user_update(request: HttpRequest, pk: Id, payload: UserChange) -> UserOut:
    user = _user(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    person = _person_or_404(pk)
    sent = payload.model_fields_set
    data = _validated(
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


@api.post(
    "/users/{pk}/deactivate",
    response={200: UserOut, **ERRORS},
    auth=WRITE,
    summary="Deactivate a person",
    url_name="user-deactivate",
    tags=["users"],
)
def user_deactivate(request: HttpRequest, pk: Id) -> UserOut:
    """Stop a person signing in (and end their sessions and tokens)."""
    user = _user(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    return UserOut.of(services.deactivate_user(acting_user=user, user=_person_or_404(pk)))


@api.post(
    "/users/{pk}/reactivate",
    response={200: UserOut, **ERRORS},
    auth=WRITE,
    summary="Reactivate a person",
    url_name="user-reactivate",
    tags=["users"],
)
def user_reactivate(request: HttpRequest, pk: Id) -> UserOut:
    user = _user(request)
    permissions.require_institution_wide(user, Capability.MANAGE_USERS)
    return UserOut.of(services.reactivate_user(acting_user=user, user=_person_or_404(pk)))


# --- Role assignments ----------------------------------------------------------


@api.get(
    "/role-assignments",
    response={200: AssignmentPage, **ERRORS},
    summary="List role assignments",
    url_name="role-assignments",
    tags=["role assignments"],
)
def assignment_list(request: HttpRequest, filters: Query[AssignmentFilter]) -> AssignmentPage:
    """Current role assignments over units where the caller manages roles or sees people."""
    user = _user(request)
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


@api.post(
    "/role-assignments",
    response={201: AssignmentOut, **ERRORS},
    auth=WRITE,
    summary="Grant a role",
    url_name="role-assignments",
    tags=["role assignments"],
)
def assignment_grant(request: HttpRequest, payload: GrantIn) -> Status[AssignmentOut]:
    """Give a person a role over a unit where the caller manages roles (404 elsewhere)."""
    user = _user(request)
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


@api.post(
    "/role-assignments/{pk}/revoke",
    response={200: AssignmentOut, **ERRORS},
    auth=WRITE,
    summary="Revoke a role",
    url_name="role-assignment-revoke",
    tags=["role assignments"],
)
def assignment_revoke(request: HttpRequest, pk: Id) -> AssignmentOut:
    """End a current role assignment over a unit where the caller manages roles."""
    user = _user(request)
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


# --- Staff training (podium.training.api) -------------------------------------------

from podium.training.api import router as training_router  # noqa: E402

api.add_router("/training", training_router)

# --- Event requests (podium.events.api, which reuses the pieces above) --------------

from podium.events.api import router as events_router  # noqa: E402

api.add_router("/event-requests", events_router)

# --- Speaker register (podium.speakers.api) ------------------------------------------

from podium.speakers.api import router as speakers_router  # noqa: E402

api.add_router("/speakers", speakers_router)
