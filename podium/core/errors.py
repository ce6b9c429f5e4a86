"""Domain errors: raised by services, shown to the person as they are written."""

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A rule of the domain forbids this change. `message` is for the user to read;
    `field` names the form field it belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(PermissionDenied, DomainError):
    """This person may never take this action on this record (not merely "not now"):
    pages show the message like any refusal; the API answers 403, because
    `PermissionDenied` comes first in the method resolution order, before `DomainError`
    (409)."""

    def __init__(self, message: str) -> None:
        DomainError.__init__(self, message)
