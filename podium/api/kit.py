"""The API kit: what every app's `api` package builds its router from.

Authentication (`READ`, `WRITE`), the error shape and its handlers (`PodiumAPI`,
`Errors`, `ERRORS`, `InvalidInput`, `Conflict`), the shared schemas (`In`, `Id`, `Cursor`,
`Version`, `Limit`, `UnitRef`) and small helpers (`validated`, `user_of`). An app's
api imports this module, never another app's api; `config/api.py` assembles the
routers into one `PodiumAPI`. See `podium/api/README.md`.
"""

from __future__ import annotations

from datetime import date, datetime
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from podium.accounts.models import User
from podium.api.models import ApiToken
from podium.api.selectors import usable_token
from podium.core.errors import DomainError

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


def user_of(request: HttpRequest) -> User:
    """The token's holder (every operation is authenticated)."""
    user = request.user
    assert isinstance(user, User)
    return user


# --- Errors --------------------------------------------------------------------


class FieldError(Schema):
    field: str | None
    message: str


class Errors(Schema):
    """Every refusal: `{"errors": [{"field": …, "message": …}]}`."""

    errors: list[FieldError]


ERRORS: dict[int, type[Errors]] = {400: Errors, 401: Errors, 403: Errors, 404: Errors, 409: Errors}


class InvalidInput(Exception):
    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class Conflict(InvalidInput):
    """A 409 in the one error shape, with more documented properties beside
    `errors` (`extra`, JSON-ready): the caller must choose before retrying, and the
    body says from what (the speaker register's likely matches)."""

    def __init__(self, errors: list[tuple[str | None, str]], **extra: Any) -> None:
        super().__init__(errors)
        self.extra = extra


def error_body(errors: list[tuple[str | None, str]]) -> dict[str, Any]:
    return {"errors": [{"field": field, "message": message} for field, message in errors]}


CONTENT_TYPE = "application/json; charset=utf-8"  # as django-ninja answers


def errors_response(
    status: int, errors: list[tuple[str | None, str]], **headers: str
) -> HttpResponse:
    """An error in the API's one shape; also used before django-ninja is reached."""
    return JsonResponse(
        error_body(errors), status=status, headers=headers, content_type=CONTENT_TYPE
    )


def _field_of(location: Any) -> str | None:
    parts = [str(part) for part in location]
    # ("body", "payload", "email") -> "email"; ("query", "cursor") -> "cursor"
    parts = parts[2:] if parts[:1] == ["body"] else parts[1:]
    return ".".join(parts) or None


def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return errors_response(
        400, [(_field_of(e.get("loc", ())), str(e.get("msg", ""))) for e in exc.errors]
    )


def _invalid_form(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    if isinstance(exc, Conflict):
        return JsonResponse(
            {**error_body(exc.errors), **exc.extra}, status=409, content_type=CONTENT_TYPE
        )
    return errors_response(400, exc.errors)


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # A rule about one field is bad input (400); a rule about the record's state
    # ("already revoked") is a conflict (409).
    return errors_response(400 if exc.field else 409, exc.problems)


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return errors_response(
        401,
        [(None, "Send a valid API token: Authorization: Bearer <token>.")],
        **{"WWW-Authenticate": 'Bearer realm="podium"'},
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if message.startswith("Cannot parse request body"):  # django-ninja's words for bad JSON
        message = "The request body is not valid JSON."
    return errors_response(exc.status_code, [(None, message)])


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return errors_response(403, [(None, "You do not have permission to do this.")])


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return errors_response(404, [(None, "Not found.")])


class PodiumAPI(NinjaAPI):
    """A django-ninja API with the kit's authentication (read by default; `WRITE`
    per operation) and every error in the one JSON shape."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("auth", READ)
        kwargs.setdefault("docs_url", None)  # our own page: api:docs
        kwargs.setdefault("openapi_url", "/openapi.json")
        super().__init__(**kwargs)
        self.exception_handler(ValidationError)(_invalid)
        self.exception_handler(InvalidInput)(_invalid_form)
        self.exception_handler(DomainError)(_refused)
        self.exception_handler(AuthenticationError)(_unauthenticated)
        self.exception_handler(HttpError)(_http_error)
        self.exception_handler(PermissionDenied)(_forbidden)
        self.exception_handler(Http404)(_not_found)


def validated(form: forms.Form) -> dict[str, Any]:
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


# --- Limits --------------------------------------------------------------------

# A request body larger than this is refused (413) before it is read. Django's own
# DATA_UPLOAD_MAX_MEMORY_SIZE; an operation that documents more in its schema says so
# with `openapi_extra=large_body(...)` (see `urls.mounted`).
BODY_LIMIT_KEY = "x-max-body-bytes"


def body_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440)


def large_body(limit: int) -> dict[str, Any]:
    """`openapi_extra` of an operation that accepts bodies up to `limit` bytes."""
    return {BODY_LIMIT_KEY: limit}


# --- Schemas -------------------------------------------------------------------

NO_NUL = "^[^\\u0000]*$"  # what `In` enforces on every text field, as the schema says it


def _document_text(schema: dict[str, Any]) -> None:
    """Add NO_NUL to every text property (and text list item) of a body's schema."""

    def mark(spec: dict[str, Any]) -> None:
        if spec.get("type") == "string" and "format" not in spec and "enum" not in spec:
            spec.setdefault("pattern", NO_NUL)
        for key in ("anyOf", "oneOf"):
            for option in spec.get(key, []):
                mark(option)
        if isinstance(spec.get("items"), dict):
            mark(spec["items"])

    for spec in schema.get("properties", {}).values():
        mark(spec)


class In(Schema):
    """A request body: a JSON object with only the documented properties (an unknown
    one is refused, 400, naming it, so a misspelt field is not silently dropped).
    NUL characters, which PostgreSQL cannot store, are refused naming the field, as
    Django's form fields do; the schema says so with a `pattern`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_text)

    @field_validator("*", mode="before")
    @classmethod
    def _json_typed(cls, value: Any, info: ValidationInfo) -> Any:
        """JSON's types as the schema says them: `0` is not `false`, `"5"` not `5`
        and `0` not a date (pydantic would convert each, silently)."""
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and (message := _wrong_json_type(field.annotation, value)):
            raise PydanticCustomError("json_type", message)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if _has_nul(value):
            raise PydanticCustomError("null_character", "Null characters are not allowed.")
        return value


def _wrong_json_type(annotation: Any, value: Any) -> str | None:
    """What is wrong with `value` for `annotation` in JSON's terms, if anything."""
    if value is None:
        return None  # pydantic says whether null is allowed
    origin = get_origin(annotation)
    if origin is Annotated:
        return _wrong_json_type(get_args(annotation)[0], value)
    if origin in (Union, UnionType):
        options = [option for option in get_args(annotation) if option is not type(None)]
        return _wrong_json_type(options[0], value) if len(options) == 1 else None
    if origin is list and isinstance(value, list):
        (item,) = get_args(annotation) or (Any,)
        return next(filter(None, (_wrong_json_type(item, v) for v in value)), None)
    if annotation is bool and not isinstance(value, bool):
        return "Input should be a valid boolean (true or false)."
    if annotation is int and (isinstance(value, bool) or not isinstance(value, int)):
        return "Input should be a valid integer."
    if annotation in (date, datetime) and not isinstance(value, str):
        return "Input should be a date as text (2025-03-31, or 2025-03-31T18:00:00Z)."
    return None


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(isinstance(item, str) and "\x00" in item for item in value)
    return False


# Text that is refused when blank (by the form or the service, naming the field):
# the schema says so with `minLength` and a pattern needing one visible character.
NOT_BLANK = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"


def required_text(max_length: int, **kwargs: Any) -> Any:
    """A `Field` for text refused when blank. The schema says so (`minLength`, and a
    pattern needing one visible character); the refusal itself stays the form's or
    the service's, naming the field in its own words. Pass `min_length=1` to have
    pydantic refuse an empty string too."""
    return Field(
        max_length=max_length,
        json_schema_extra={"minLength": 1, "pattern": NOT_BLANK},
        **kwargs,
    )


# Date-times are refused outside the years 1900-2999 (as given, before conversion to
# UTC); the schema says so with a pattern on the year (`events.api.input.EventTime`).
YEAR_1900_TO_2999 = "^(19|2[0-9])[0-9]{2}-"

# Database ids: anything larger cannot exist, and is refused before a query.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# Cursors are signed text from `next_cursor` (URL-safe base64, `:` and `.`): opaque
# ASCII, so their length in characters is their length in bytes and a page URL stays
# well within a server's request line (Gunicorn: 4,094 bytes).
CURSOR_PATTERN = "^[A-Za-z0-9_.:-]*$"
Cursor = Annotated[
    str | None,
    Field(
        max_length=1024,
        pattern=CURSOR_PATTERN,
        description="The previous page's `next_cursor`, unchanged.",
    ),
]
VERSION_HELP = (
    "The record's version when you read it. Send it back with a PATCH and the change "
    "is refused (409) if someone else saved in between."
)
Version = Annotated[str | None, Field(max_length=64, description=VERSION_HELP)]
Limit = Annotated[int, Field(ge=1, le=100)]


class UnitRef(Schema):
    id: int
    name: str
