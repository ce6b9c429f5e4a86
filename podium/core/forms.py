"""Form rendering shared by every app: GOV.UK Design System question patterns
(label, hint, error message above the field, error summary at the top).

Django links each field to its hint (`<id>_helptext`) and error (`<id>_error`)
with aria-describedby, and marks invalid fields aria-invalid; the templates in
`templates/core/forms/` use those ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.db.models import Model

from podium.core.errors import DomainError
from podium.core.versioning import StaleEdit

F = TypeVar("F", bound="PodiumForm")


class PodiumForm(forms.Form):
    template_name = "core/forms/form.html"

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal on the field it names, or above the form."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


def as_submitted(form: forms.Form) -> dict[str, Any]:
    """The POST data that would submit `form`'s initial values unchanged: used to
    show a refused edit with what is saved now, errors and all."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    return data


def form_after_refusal(
    form: F,
    error: DomainError,
    *,
    current: Callable[[Mapping[str, Any] | None], F],
    instance: Model,
) -> F:
    """The form to show when a service refused an edit: for a stale edit, what is
    saved now (re-read, with its new version); otherwise what the person sent.
    `current(data)` builds the edit form for `instance` as it is."""
    if isinstance(error, StaleEdit):
        instance.refresh_from_db()
        form = current(as_submitted(current(None)))
        form.is_valid()
    form.add_domain_error(error)
    return form


def initial_from(instance: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}
