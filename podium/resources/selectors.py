"""Reads of the resources library, for its own pages and for the pages of the apps
above it (events, sharing, concerns, training), which show the resources tagged
for them with `{% resources_for "<place>" %}` (templatetags/resources.py).

Who reads what: a public resource, anyone (even signed out); otherwise everyone
signed in when it is for everyone, or a person holding one of its roles (over any
unit). A retired resource is shown nowhere but on the administrators' list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from podium.accounts import permissions
from podium.core.pagination import Page, keyset_page
from podium.resources.models import (
    DocumentVersion,
    Kind,
    Place,
    Resource,
    ResourcePlace,
    ResourceRole,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

PAGE_SIZE = 50


def _current_version() -> Subquery:
    return Subquery(
        DocumentVersion.objects.filter(resource=OuterRef("pk"))
        .order_by("-number")
        .values("number")[:1]
    )


def readable_filter(user: User | AnonymousUser) -> Q:
    """The resources this person may read (retired ones included: callers exclude them)."""
    if not user.is_authenticated:
        return Q(is_public=True)
    # The person's roles are read once per request (permissions caches them).
    roles = sorted({a.role for a in permissions.current_assignments(user)})
    held = Exists(ResourceRole.objects.filter(resource=OuterRef("pk"), role__in=roles))
    return Q(is_public=True) | Q(for_everyone=True) | Q(held)


def _shown(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    return queryset.filter(retired_at__isnull=True).annotate(current_version=_current_version())


@dataclass(frozen=True)
class Panel:
    """The resources a page shows for one place, grouped by kind."""

    place: str
    label: str
    documents: list[Resource] = field(default_factory=list)
    links: list[Resource] = field(default_factory=list)
    contacts: list[Resource] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.documents or self.links or self.contacts)


def resources_for(*, user: User | AnonymousUser, place: str) -> Panel:
    """What a page shows at `place` to this person: one query."""
    if place not in Place.values:
        raise ValueError(f"Unknown place for resources: {place!r}")
    tagged = Exists(ResourcePlace.objects.filter(resource=OuterRef("pk"), place=place))
    rows = list(_shown(Resource.objects.filter(tagged).filter(readable_filter(user))))
    return Panel(
        place=place,
        label=Place(place).label,
        documents=[r for r in rows if r.kind == Kind.DOCUMENT],
        links=[r for r in rows if r.kind == Kind.LINK],
        contacts=[r for r in rows if r.kind == Kind.CONTACT],
    )


def library(
    *,
    user: User | AnonymousUser,
    kind: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Page[Resource]:
    """The library page: what the person may read, by title, a page at a time."""
    queryset = _shown(Resource.objects.filter(readable_filter(user)))
    if kind in Kind.values:
        queryset = queryset.filter(kind=kind)
    return keyset_page(queryset, field="title", after=after, before=before, size=PAGE_SIZE)


def public_library(*, after: str | None = None, before: str | None = None) -> Page[Resource]:
    return keyset_page(
        _shown(Resource.objects.filter(is_public=True)),
        field="title",
        after=after,
        before=before,
        size=PAGE_SIZE,
    )


def managed(
    *, show: str = "", after: str | None = None, before: str | None = None
) -> Page[Resource]:
    """The administrators' list: every resource, retired ones when asked."""
    queryset = Resource.objects.annotate(current_version=_current_version())
    queryset = (
        queryset.filter(retired_at__isnull=False)
        if show == "retired"
        else queryset.filter(retired_at__isnull=True)
    )
    return keyset_page(queryset, field="title", after=after, before=before, size=PAGE_SIZE)


def get_readable_or_404(user: User | AnonymousUser, pk: Any) -> Resource:
    """A resource the person may read, not retired: 404 otherwise (nobody learns
    that a resource for other roles exists)."""
    try:
        return _shown(Resource.objects.filter(readable_filter(user))).get(pk=pk)
    except (Resource.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_public_or_404(pk: Any) -> Resource:
    try:
        return _shown(Resource.objects.filter(is_public=True)).get(pk=pk)
    except (Resource.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_for_manager_or_404(pk: Any) -> Resource:
    try:
        return Resource.objects.annotate(current_version=_current_version()).get(pk=pk)
    except (Resource.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_version(resource: Resource) -> DocumentVersion | None:
    return resource.versions.order_by("-number").first()


def versions(resource: Resource) -> list[DocumentVersion]:
    return list(resource.versions.select_related("uploaded_by").order_by("-number"))


def get_version_or_404(resource: Resource, number: Any) -> DocumentVersion:
    try:
        return resource.versions.get(number=number)
    except (DocumentVersion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tags(resource: Resource) -> tuple[list[str], list[str]]:
    """The resource's place keys and role keys."""
    return (
        sorted(resource.places.values_list("place", flat=True)),
        sorted(resource.roles.values_list("role", flat=True)),
    )
