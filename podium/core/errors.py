"""Domain errors: raised by services, shown to the person as they are written."""


class DomainError(Exception):
    """A rule of the domain forbids this change. `message` is for the user to read;
    `field` names the form field it belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
