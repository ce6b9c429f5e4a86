"""Domain errors: raised by services, shown to the person as they are written."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A rule of the domain forbids this change. `message` is for the user to read;
    `field` names the form field it belongs to, when there is one. `problems` holds
    every (field, message) refused at once (`DomainError.of`), so a person fixes them
    all in one go rather than one per submission."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems: list[tuple[str | None, str]] = [(field, message)]

    @classmethod
    def of(cls, problems: Sequence[tuple[str | None, str]]) -> DomainError:
        """One refusal carrying several problems (the first is `field`/`message`)."""
        field, message = problems[0]
        error = cls(message, field=field)
        error.problems = list(dict.fromkeys(problems))
        return error


class NotAllowed(PermissionDenied, DomainError):
    """This person may never take this action on this record (not merely "not now"):
    pages show the message like any refusal; the API answers 403, because
    `PermissionDenied` comes first in the method resolution order, before `DomainError`
    (409)."""

    def __init__(self, message: str) -> None:
        DomainError.__init__(self, message)
