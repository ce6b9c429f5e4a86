"""What a field's label says about whether it must be answered."""

from __future__ import annotations

from django import forms, template

register = template.Library()


@register.filter
def requirement_note(field: forms.BoundField) -> str:
    """ " (optional)" for a field that may be left empty; nothing for a required one.
    A field whose need depends on other answers carries `needed_for` (set by its
    form; the service enforces it): " (needed for …)", or nothing when it is always
    needed although the form leaves the checking to the service."""
    needed_for: str | None = getattr(field.field, "needed_for", None)
    if needed_for is not None:
        return f" (needed for {needed_for})" if needed_for else ""
    return "" if field.field.required else " (optional)"
