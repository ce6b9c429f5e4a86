"""Reads for people, units and roles. Every read that depends on who is asking
takes the viewer and asks `permissions` for the scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import OrgUnit, RoleAssignment, RoleSecurityPolicy, User
from podium.accounts.roles import DECIDING_ROLES, Capability, roles_with
from podium.core.display import url_prefix
from podium.core.pagination import Page, keyset_page


def role_summary(*, user: User | AnonymousUser) -> list[RoleAssignment]:
    """The roles the person holds now, for their home page."""
    return sorted(
        permissions.current_assignments(user), key=lambda a: (a.get_role_display(), a.unit.path)
    )


def visible_units(*, viewer: User | AnonymousUser) -> QuerySet[OrgUnit]:
    """Units the viewer may manage or whose people they may see, as a tree."""
    scope = permissions.unit_scope(viewer, Capability.MANAGE_UNITS) | permissions.unit_scope(
        viewer, Capability.VIEW_PEOPLE
    )
    return (
        OrgUnit.objects.filter(scope)
        .annotate(
            current_roles=Count(
                "role_assignments", filter=Q(role_assignments__revoked_at__isnull=True)
            )
        )
        .order_by("path")
    )


def unit_level(units: QuerySet[OrgUnit], *, parent: OrgUnit | None) -> QuerySet[OrgUnit]:
    """One level of the tree that `units` (a person's scope) forms: the children of
    `parent` among them or, without a parent, the top of the scope (the units whose
    parent is not in it). Pages that show a tree show it a level at a time, so none
    renders every unit of a national-scale institution at once."""
    if parent is not None:
        return units.filter(parent=parent)
    return units.filter(Q(parent__isnull=True) | ~Q(parent__in=units.values("pk")))


def _viewer_scope(viewer: User | AnonymousUser, prefix: str = "") -> Q:
    return permissions.unit_scope(
        viewer, Capability.MANAGE_UNITS, prefix=prefix
    ) | permissions.unit_scope(viewer, Capability.VIEW_PEOPLE, prefix=prefix)


def unit_tree_page(
    *,
    viewer: User | AnonymousUser,
    parent: OrgUnit | None,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Page[OrgUnit]:
    """A page of one level of the units tree (`unit_level`), by name, each unit with
    its current roles and how many units below it the viewer may see (one query)."""
    scope = _viewer_scope(viewer)
    roles = (
        RoleAssignment.objects.filter(unit=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    below = (
        OrgUnit.objects.filter(scope, parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    level = unit_level(OrgUnit.objects.filter(scope), parent=parent).annotate(
        current_roles=Coalesce(Subquery(roles, output_field=IntegerField()), 0),
        units_below=Coalesce(Subquery(below, output_field=IntegerField()), 0),
    )
    return keyset_page(level, field="name", after=after, before=before, size=size)


def visible_ancestors(*, viewer: User | AnonymousUser, unit: OrgUnit | None) -> list[OrgUnit]:
    """The units above `unit` that the viewer may see, top first (for breadcrumbs)."""
    if unit is None:
        return []
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    return list(OrgUnit.objects.filter(_viewer_scope(viewer), pk__in=ids).order_by("depth"))


def unit_role_holders(*, unit: OrgUnit) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.current()
        .filter(unit=unit)
        .select_related("user", "granted_by")
        .order_by("role", "user__full_name")
    )


def people_page(
    *, search: str = "", after: str | None = None, before: str | None = None, size: int = 50
) -> Page[User]:
    people = User.objects.all()
    if search:
        people = people.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return keyset_page(people, field="full_name", after=after, before=before, size=size)


def people_rows(people: Iterable[User]) -> list[dict[str, Any]]:
    """What each row of the people list shows, worked out once per list: the
    person's page (one `reverse()` a list, not a `{% url %}` a row: issue 20)."""
    prefix = url_prefix(reverse("accounts:user-detail", args=[0]))
    return [
        {
            "url": f"{prefix}{person.pk}/",
            "name": person.full_name,
            "email": person.email,
            "active": person.is_active,
        }
        for person in people
    ]


def person_role_history(*, person: User) -> QuerySet[RoleAssignment]:
    """Every role the person holds or held, current first."""
    return (
        RoleAssignment.objects.filter(user=person)
        .select_related("unit", "granted_by", "revoked_by")
        .order_by("revoked_at", "-granted_at")
    )


def grantable_units(*, viewer: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return permissions.units_where(viewer, Capability.MANAGE_ROLES).filter(is_active=True)


def parent_choices(*, viewer: User | AnonymousUser) -> QuerySet[OrgUnit]:
    return permissions.units_where(viewer, Capability.MANAGE_UNITS).filter(is_active=True)


def mfa_required_roles() -> set[str]:
    return set(RoleSecurityPolicy.objects.filter(mfa_required=True).values_list("role", flat=True))


def mfa_required_for(*, user: User) -> bool:
    """Whether a current role of `user` makes two-factor authentication mandatory."""
    return (
        RoleAssignment.objects.current()
        .filter(
            user=user,
            role__in=RoleSecurityPolicy.objects.filter(mfa_required=True).values("role"),
        )
        .exists()
    )


def has_second_factor(*, user: User) -> bool:
    """An authenticator app or a security key / passkey: either meets a role's
    mandatory two-factor rule (recovery codes alone do not)."""
    from allauth.mfa.models import Authenticator

    kinds = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    return bool(Authenticator.objects.filter(user=user, type__in=kinds).exists())


def oidc_providers() -> QuerySet[Any]:
    """The OpenID Connect providers administrators have added."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp.objects.filter(provider="openid_connect").order_by("name")  # type: ignore[no-any-return]


def saml_providers() -> QuerySet[Any]:
    """The SAML 2.0 identity providers administrators have added."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp.objects.filter(provider="saml").order_by("name")  # type: ignore[no-any-return]


def recent_deciding_grants(*, days: int = 30, limit: int = 50) -> list[RoleAssignment]:
    """Grants of roles that decide requests or appeals in the last `days` days,
    newest first (revoked ones too: a grant undone the next day is still news)."""
    return list(deciding_grants_since(timezone.now() - timedelta(days=days))[:limit])


def deciding_grants_since(since: datetime) -> QuerySet[RoleAssignment]:
    """Grants of deciding roles since `since`, newest first (the (role, granted_at)
    index reads only those roles' rows)."""
    return (
        RoleAssignment.objects.filter(role__in=DECIDING_ROLES, granted_at__gte=since)
        .select_related("user", "unit", "granted_by")
        .order_by("-granted_at", "-pk")
    )


def holders_of(*, capability: Capability) -> QuerySet[User]:
    """Active people holding `capability` over the whole institution now: whom a
    scheduled reminder about institution-wide work goes to."""
    roles = [role.value for role in roles_with(capability)]
    return User.objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.current()
        .filter(role__in=roles, unit__parent__isnull=True, include_descendants=True)
        .values("user_id"),
    ).order_by("pk")


def people_holding(*, roles: Iterable[str]) -> QuerySet[User]:
    """Active people holding any of `roles` today, anywhere (for notices sent to the
    holders of an institution-wide role, e.g. the Prevent leads)."""
    holders = RoleAssignment.objects.current().filter(role__in=list(roles)).values("user")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "pk")


def holders_of_capability(*, capability: Capability, unit: OrgUnit) -> QuerySet[User]:
    """Active people holding a role with `capability` over `unit` (at it, or above it
    over its subtree). Used by apps that tell a unit's approvers about waiting work."""
    ancestry = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    over = Q(unit=unit) | Q(unit_id__in=ancestry, include_descendants=True)
    holders = (
        RoleAssignment.objects.current()
        .filter(over, role__in=[role.value for role in roles_with(capability)])
        .values("user")
    )
    return User.objects.filter(pk__in=holders, is_active=True)


def people_with_roles() -> QuerySet[User]:
    """Active people holding at least one role today: those who sign in to work."""
    holders = RoleAssignment.objects.current().values("user")
    return User.objects.filter(pk__in=holders, is_active=True).order_by("full_name", "pk")


def user_by_email(email: str) -> User | None:
    """The person with this e-mail address (any case), if any: how an officer names
    someone whose record number they cannot see (a legal hold on a person)."""
    return User.objects.filter(email__iexact=email.strip()).order_by().first()
