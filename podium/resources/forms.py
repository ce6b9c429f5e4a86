"""The library's forms: one resource form whose fields follow the kind (a link has
an address, a contact its details, a document a PDF), and a new version's upload.
Missing or bad values are named on their fields, all at once; the service checks
them again (the same messages), so the page and any other caller agree."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts.forms import EditForm
from podium.accounts.roles import Role
from podium.core.forms import PodiumForm
from podium.resources.models import Kind, Place, Resource
from podium.resources.services import ResourceFacts

EVERYONE = "everyone"
ROLES = "roles"

# The fields each kind shows, besides the common ones.
KIND_FIELDS = {
    Kind.DOCUMENT: ("document",),
    Kind.LINK: ("url",),
    Kind.CONTACT: ("organisation", "contact_role", "phone", "email", "notes"),
}


class ResourceForm(EditForm):
    title = forms.CharField(
        max_length=200,
        required=False,  # the service names a missing title, with the kind's words
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="What it is and when it helps, in a sentence or two.",
    )
    url = forms.CharField(
        label="Web address",
        max_length=500,
        required=False,
        help_text="A full address starting with https://, or a page of Podium starting with /.",
    )
    document = forms.FileField(
        label="PDF file",
        required=False,
        help_text="A PDF of at most 5 MB.",
    )
    organisation = forms.CharField(max_length=200, required=False)
    contact_role = forms.CharField(
        label="Their role",
        max_length=200,
        required=False,
        help_text="For example: regional Prevent co-ordinator.",
    )
    phone = forms.CharField(label="Telephone", max_length=50, required=False)
    email = forms.CharField(label="E-mail address", max_length=254, required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text="When to call them, and what to have ready.",
    )
    places = forms.MultipleChoiceField(
        label="Where it appears",
        choices=Place.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The pages that show it beside the work. It is in the library either way.",
    )
    audience = forms.ChoiceField(
        label="Who may read it",
        choices=[(EVERYONE, "Everyone signed in"), (ROLES, "Only the roles chosen below")],
        widget=forms.RadioSelect,
        initial=EVERYONE,
        error_messages={"required": "Choose who may read it."},
    )
    roles = forms.MultipleChoiceField(
        label="Roles that may read it",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_public = forms.BooleanField(
        label="Public: anyone may read it without signing in",
        required=False,
        help_text="For documents the institution publishes, such as the code of practice.",
    )

    def __init__(self, *args: Any, kind: str, adding: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["title"].label = "Name or office" if kind == Kind.CONTACT else "Title"
        shown = KIND_FIELDS.get(Kind(kind), ())
        for kind_fields in KIND_FIELDS.values():
            for name in kind_fields:
                if name not in shown or (name == "document" and not adding):
                    del self.fields[name]

    def facts(self) -> ResourceFacts:
        data = self.cleaned_data
        return ResourceFacts(
            title=data["title"],
            description=data["description"],
            url=data.get("url", ""),
            organisation=data.get("organisation", ""),
            contact_role=data.get("contact_role", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            notes=data.get("notes", ""),
            places=list(data["places"]),
            for_everyone=data["audience"] == EVERYONE,
            roles=list(data["roles"]),
            is_public=data["is_public"],
        )


def initial_for(resource: Resource, places: list[str], roles: list[str]) -> dict[str, Any]:
    return {
        "title": resource.title,
        "description": resource.description,
        "url": resource.url,
        "organisation": resource.organisation,
        "contact_role": resource.contact_role,
        "phone": resource.phone,
        "email": resource.email,
        "notes": resource.notes,
        "places": places,
        "audience": EVERYONE if resource.for_everyone else ROLES,
        "roles": roles,
        "is_public": resource.is_public,
    }


class VersionForm(PodiumForm):
    document = forms.FileField(
        label="New version (PDF)",
        help_text="A PDF of at most 5 MB. The earlier versions are kept.",
        error_messages={"required": "Choose a PDF file to upload."},
    )
