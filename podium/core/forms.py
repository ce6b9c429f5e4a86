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
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from podium.core.errors import DomainError
from podium.core.versioning import StaleEdit

F = TypeVar("F", bound="PodiumForm")


class PodiumForm(forms.Form):
    template_name = "core/forms/form.html"

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal on the field it names, or above the form: every
        problem it carries."""
        for field, message in error.problems:
            self.add_error(field if field in self.fields else None, message)


class GoverningBodySignOffForm(PodiumForm):
    """A governing body member signs a record off, as the minutes record it (the
    risk assessment's versions, the year's Prevent return)."""

    signer_name = forms.CharField(
        label="Name of the governing body member",
        max_length=200,
        error_messages={"required": "Enter the name of the governing body member signing."},
    )
    signed_on = forms.DateField(
        label="Date of sign-off",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date of sign-off.",
            "invalid": "Enter the date of sign-off as a real date.",
        },
    )
    minute_reference = forms.CharField(
        max_length=100,
        help_text="Where the governing body's minutes record the sign-off.",
        error_messages={"required": "Enter the reference of the minute recording it."},
    )


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
    instance: Model | None,
) -> F:
    """The form to show when a service refused an edit: for a stale edit, what is
    saved now (re-read, with its new version); otherwise what the person sent.
    `current(data)` builds the edit form for `instance` as it is (re-read first;
    None when `current` reads afresh itself)."""
    if isinstance(error, StaleEdit):
        if instance is not None:
            instance.refresh_from_db()
        form = current(as_submitted(current(None)))
        form.is_valid()
    form.add_domain_error(error)
    return form


def submit_form(
    request: HttpRequest,
    form: F,
    perform: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    to: str | Callable[[Any], str],
    current: Callable[[Mapping[str, Any] | None], F] | None = None,
    instance: Model | None = None,
) -> tuple[HttpResponse | None, F]:
    """The one form action every app uses: form -> service -> redirect with a message.

    On a valid POST, `perform(cleaned_data)` calls the service. If it succeeds: a
    success message (`success`, or `success(result)`) and a redirect to `to` (a URL or
    URL name, or `to(result)`). If the service refuses (`DomainError`), the form shows
    why on the field it names; with `current` (and the `instance` it edits), a stale
    edit shows what is saved now (`form_after_refusal`). Returns (response, form): when there is no
    response, the caller renders its page with `form`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except DomainError as error:
            if current is not None:
                form = form_after_refusal(form, error, current=current, instance=instance)
            else:
                form.add_domain_error(error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(to(result) if callable(to) else to), form
    return None, form


def initial_from(instance: Any, names: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}
