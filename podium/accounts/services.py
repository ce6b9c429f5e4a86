"""Writes for people, units and roles.

Each service is keyword-only, checks its preconditions inside one transaction,
raises `DomainError` with a message the person can read, saves, and sends e-mail
only after the transaction commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from podium.accounts import extensions
from podium.accounts.models import (
    OrgUnit,
    RoleAssignment,
    RoleSecurityPolicy,
    UnitKind,
    User,
    normalise_email,
)
from podium.accounts.permissions import forget_assignments
from podium.accounts.roles import DECIDING_ROLES, Role
from podium.audit.services import changes, record
from podium.core import mail, summaries
from podium.core.errors import DomainError
from podium.core.versioning import check_version

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialApp
    from django.http import HttpRequest


# --- Units ---------------------------------------------------------------------


def _place(unit: OrgUnit, parent: OrgUnit | None) -> None:
    unit.parent = parent
    unit.depth = 0 if parent is None else parent.depth + 1
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"


def create_unit(
    *, acting_user: User | None, name: str, kind: str, parent: OrgUnit | None
) -> OrgUnit:
    """Add a unit under `parent` (or the institution itself, with no parent)."""
    name = name.strip()
    with transaction.atomic():
        if parent is None and kind != UnitKind.INSTITUTION:
            raise DomainError("Choose the unit this one belongs to.", field="parent")
        if parent is not None and kind == UnitKind.INSTITUTION:
            raise DomainError(
                "Only the institution itself can be of kind Institution.", field="kind"
            )
        if parent is None and OrgUnit.objects.filter(parent__isnull=True).exists():
            raise DomainError("Podium already has an institution.", field="kind")
        if OrgUnit.objects.filter(parent=parent, name__iexact=name).exists():
            raise DomainError(
                f"{parent or 'The institution'} already has a unit called {name}.", field="name"
            )
        unit = OrgUnit(name=name, kind=kind, parent=parent, path="", depth=0)
        try:
            with transaction.atomic():
                unit.save()
        except IntegrityError:  # a concurrent request added the same unit
            raise DomainError(
                f"{parent or 'The institution'} already has a unit called {name}.", field="name"
            ) from None
        _place(unit, parent)
        unit.save(update_fields=["path", "depth"])
        record(
            action="accounts.unit.created",
            actor=acting_user,
            target=unit,
            unit=unit,
            data={"name": name, "kind": kind, "parent": parent.pk if parent else None},
        )
    return unit


# The fields each edit form changes: their hash is the version a stale edit is checked against.
UNIT_EDITED_FIELDS = ["name", "kind", "parent_id", "is_active"]
USER_EDITED_FIELDS = ["email", "full_name"]


def update_unit(
    *,
    acting_user: User,
    unit: OrgUnit,
    name: str,
    kind: str,
    parent: OrgUnit | None,
    is_active: bool,
    expected_version: str | None = None,
) -> OrgUnit:
    """Rename, re-classify, move or archive a unit. Moving a unit moves its subtree.
    With `expected_version` (from the edit form), refuses if someone saved in between."""
    name = name.strip()
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        check_version(unit, UNIT_EDITED_FIELDS, expected_version)
        if (unit.parent_id is None) != (parent is None):
            raise DomainError("The institution stays at the top of the tree.", field="parent")
        if parent is not None and parent.is_within(unit):
            raise DomainError("A unit cannot be moved inside itself.", field="parent")
        if (unit.kind == UnitKind.INSTITUTION) != (kind == UnitKind.INSTITUTION):
            raise DomainError(
                "Only the institution itself can be of kind Institution.", field="kind"
            )
        if OrgUnit.objects.filter(parent=parent, name__iexact=name).exclude(pk=unit.pk).exists():
            raise DomainError(f"{parent} already has a unit called {name}.", field="name")
        if not is_active and unit.children.filter(is_active=True).exists():
            raise DomainError("Archive the units below this one first.", field="is_active")
        old_path, old_name = unit.path, unit.name
        before = _unit_fields(unit)
        unit.name, unit.kind, unit.is_active = name, kind, is_active
        _place(unit, parent)
        unit.save(update_fields=["name", "kind", "is_active", "parent", "path", "depth"])
        if unit.path != old_path or unit.name != old_name:
            # Counts kept by unit path (podium/core/summaries.py) are counted again;
            # after a rename too, so that their version moves and what was drawn
            # from them with the old name (podium/core/fragments.py) is drawn again.
            summaries.mark_topic("accounts.orgunit", refresh=True)
        if unit.path != old_path:
            for descendant in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
                descendant.depth += unit.depth - (old_path.count("/") - 2)
                descendant.path = unit.path + descendant.path.removeprefix(old_path)
                descendant.save(update_fields=["path", "depth"])
        changed = changes(before, _unit_fields(unit))
        if changed:
            record(
                action="accounts.unit.updated",
                actor=acting_user,
                target=unit,
                unit=unit,
                data={"changes": changed},
            )
    return unit


def _unit_fields(unit: OrgUnit) -> dict[str, object]:
    return {
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "is_active": unit.is_active,
    }


# --- People --------------------------------------------------------------------


def create_user(
    *,
    acting_user: User | None,
    email: str,
    full_name: str,
    password: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Add a person. Without a password, they are e-mailed a link to choose one."""
    email = normalise_email(email)
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            raise DomainError(f"{email} already has an account.", field="email")
        user = User(email=email, full_name=full_name.strip())
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # a concurrent request created the same address
            raise DomainError(f"{email} already has an account.", field="email") from None
        record(
            action="accounts.user.created",
            actor=acting_user,
            target=user,
            data={"email": email, "full_name": user.full_name, "invited": password is None},
        )
        if password is None and request is not None:
            transaction.on_commit(lambda: send_invitation(user=user, request=request))
    return user


def send_invitation(*, user: User, request: HttpRequest) -> None:
    """E-mail a new person a link to choose their password. A failure to send is
    logged, never raised: the account exists and the link can be sent again."""
    # The same link as allauth's password reset e-mail (valid for
    # PASSWORD_RESET_TIMEOUT, used once: it changes with the password).
    kwargs = {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}
    link = request.build_absolute_uri(reverse("account_reset_password_from_key", kwargs=kwargs))
    context = {"user": user, "link": link, "institution": settings.PODIUM_INSTITUTION_NAME}
    mail.send(
        subject=f"Your Podium account at {settings.PODIUM_INSTITUTION_NAME}",
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[user.email],
        about=f"the invitation of user {user.pk}",
    )


def update_user(
    *,
    acting_user: User,
    user: User,
    email: str,
    full_name: str,
    expected_version: str | None = None,
) -> User:
    email = normalise_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        check_version(user, USER_EDITED_FIELDS, expected_version)
        if User.objects.filter(email=email).exclude(pk=user.pk).exists():
            raise DomainError(f"{email} already has an account.", field="email")
        before = {"email": user.email, "full_name": user.full_name}
        user.email, user.full_name = email, full_name.strip()
        user.save(update_fields=["email", "full_name"])
        changed = changes(before, {"email": user.email, "full_name": user.full_name})
        if changed:
            record(
                action="accounts.user.updated",
                actor=acting_user,
                target=user,
                data={"changes": changed},
            )
    return user


def note_password_reset_requested(*, email: str) -> None:
    """Audit a request for a reset link. The page says the same whether or not the
    address has an account; the log says which."""
    email = normalise_email(email)
    with transaction.atomic():
        record(
            action="accounts.password.reset_requested",
            actor=None,
            target=User.objects.filter(email=email, is_active=True).first(),
            data={"email": email},
        )


def deactivate_user(*, acting_user: User, user: User) -> User:
    """Stop a person signing in. Their records and decisions stay; every session
    they hold stops working at its next request."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.pk == acting_user.pk:
            raise DomainError("You cannot deactivate your own account.")
        if not user.is_active:
            raise DomainError(f"{user} is already deactivated.")
        user.is_active = False
        user.deactivated_at = timezone.now()
        user.save(update_fields=["is_active", "deactivated_at"])
        ended = end_sessions(user=user)
        record(
            action="accounts.user.deactivated",
            actor=acting_user,
            target=user,
            data={"signed_out_browsers": ended},
        )
    return user


def end_sessions(*, user: User) -> int:
    """End every session `user` holds, in the caller's transaction. Returns how many."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def reactivate_user(*, acting_user: User, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            raise DomainError(f"{user} is already active.")
        user.is_active = True
        user.deactivated_at = None
        user.save(update_fields=["is_active", "deactivated_at"])
        record(action="accounts.user.reactivated", actor=acting_user, target=user)
    return user


# --- Roles ---------------------------------------------------------------------


def grant_role(
    *,
    acting_user: User | None,
    user: User,
    role: str,
    unit: OrgUnit,
    include_descendants: bool,
) -> RoleAssignment:
    """Give a person a role over a unit (and, optionally, every unit below it)."""
    with transaction.atomic():
        if not user.is_active:
            raise DomainError(f"{user} is deactivated; reactivate them before granting a role.")
        if not unit.is_active:
            raise DomainError(f"{unit} is archived.", field="unit")
        existing = RoleAssignment.objects.current().filter(user=user, role=role, unit=unit)
        if existing.exists():
            raise DomainError(f"{user} is already {Role(role).label} for {unit}.", field="role")
        try:
            with transaction.atomic():
                assignment = RoleAssignment.objects.create(
                    user=user,
                    role=role,
                    unit=unit,
                    include_descendants=include_descendants,
                    granted_by=acting_user,
                )
        except IntegrityError:  # a concurrent grant of the same role won
            raise DomainError(
                f"{user} is already {Role(role).label} for {unit}.", field="role"
            ) from None
        record(
            action="accounts.role.granted",
            actor=acting_user,
            target=assignment,
            unit=unit,
            data={"user": user.email, "role": role, "include_descendants": include_descendants},
        )
        if role in DECIDING_ROLES:
            for tell in extensions.on_deciding_role_granted:
                tell(assignment, acting_user)
    forget_assignments(user)
    return assignment


def revoke_role(*, acting_user: User, assignment: RoleAssignment) -> RoleAssignment:
    """End a role assignment. The row stays as the record of who held the role."""
    with transaction.atomic():
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not assignment.is_current:
            raise DomainError("This role has already been revoked.")
        if assignment.user_id == acting_user.pk and assignment.role == Role.ADMINISTRATOR:
            raise DomainError(
                "You cannot revoke your own Administrator role; ask another administrator."
            )
        assignment.revoked_at = timezone.now()
        assignment.revoked_by = acting_user
        assignment.save(update_fields=["revoked_at", "revoked_by"])
        record(
            action="accounts.role.revoked",
            actor=acting_user,
            target=assignment,
            unit=assignment.unit,
            data={"user": assignment.user.email, "role": assignment.role},
        )
    forget_assignments(assignment.user)
    return assignment


# --- Sign-in rules ---------------------------------------------------------------


def set_mfa_required_roles(*, acting_user: User, roles: set[str]) -> set[str]:
    """Make two-factor authentication mandatory for exactly `roles`. People holding
    one of them who have no authenticator are walked through setting one up at
    their next sign-in."""
    valid = {role.value for role in Role}
    if not roles <= valid:
        raise DomainError("Choose roles from the list.", field="roles")
    with transaction.atomic():
        policies = {p.role: p for p in RoleSecurityPolicy.objects.select_for_update()}
        before = {role for role, p in policies.items() if p.mfa_required}
        if before == roles:
            return before
        now = timezone.now()
        for role in valid:
            required = role in roles
            policy = policies.get(role)
            if policy is None and not required:
                continue
            if policy is None:
                RoleSecurityPolicy.objects.create(
                    role=role, mfa_required=True, changed_by=acting_user, changed_at=now
                )
            elif policy.mfa_required != required:
                policy.mfa_required, policy.changed_by, policy.changed_at = (
                    required,
                    acting_user,
                    now,
                )
                policy.save(update_fields=["mfa_required", "changed_by", "changed_at"])
        record(
            action="accounts.security.mfa_policy_changed",
            actor=acting_user,
            data={
                "changes": changes(
                    {"mfa_required_roles": sorted(before)}, {"mfa_required_roles": sorted(roles)}
                )
            },
        )
    return roles


# --- Single sign-on ------------------------------------------------------------------


def save_oidc_provider(
    *,
    acting_user: User,
    app: SocialApp | None,
    name: str,
    provider_id: str,
    server_url: str,
    client_id: str,
    secret: str,
    trust_email: bool,
) -> SocialApp:
    """Add (`app` None) or change an OpenID Connect provider people can sign in with.
    An empty `secret` keeps the current one. The secret is never audited."""
    from allauth.socialaccount.models import SocialApp

    with transaction.atomic():
        if app is None:
            if not secret:
                raise DomainError("Enter the client secret.", field="secret")
            if SocialApp.objects.filter(provider_id=provider_id).exists():
                raise DomainError(
                    f"Another provider already uses the identifier {provider_id}.",
                    field="provider_id",
                )
            app = SocialApp(provider="openid_connect", provider_id=provider_id)
            before: dict[str, object] = {}
        else:
            app = SocialApp.objects.select_for_update().get(pk=app.pk)
            before = _oidc_fields(app)
        app.name = name.strip()
        app.client_id = client_id.strip()
        if secret:
            app.secret = secret
        app.settings = {
            **app.settings,
            "server_url": server_url.rstrip("/"),
            "trust_email": trust_email,
        }
        app.save()
        record(
            action="accounts.sso.provider_saved",
            actor=acting_user,
            target=app,
            data={
                "changes": changes(before, _oidc_fields(app)),
                "replaced_client_key": bool(secret),
            },
        )
    return app


def _oidc_fields(app: SocialApp) -> dict[str, object]:
    return {
        "name": app.name,
        "provider_id": app.provider_id,
        "server_url": app.settings.get("server_url"),
        "client_id": app.client_id,
        "trust_email": bool(app.settings.get("trust_email")),
    }


def save_saml_provider(
    *,
    acting_user: User,
    app: SocialApp | None,
    name: str,
    organisation: str,
    entity_id: str,
    sso_url: str,
    certificate: str,
    trust_email: bool,
) -> SocialApp:
    """Add (`app` None) or change a SAML 2.0 identity provider people can sign in
    with. Podium's assertion consumer and metadata URLs use `organisation`."""
    from allauth.socialaccount.models import SocialApp

    with transaction.atomic():
        if app is None:
            if SocialApp.objects.filter(provider="saml", client_id=organisation).exists():
                raise DomainError(
                    f"Another identity provider already uses the identifier {organisation}.",
                    field="organisation",
                )
            app = SocialApp(provider="saml", provider_id=f"saml-{organisation}")
            app.client_id = organisation
            before: dict[str, object] = {}
        else:
            app = SocialApp.objects.select_for_update().get(pk=app.pk)
            before = _saml_fields(app)
        app.name = name.strip()
        app.settings = {
            **app.settings,
            "idp": {"entity_id": entity_id.strip(), "sso_url": sso_url, "x509cert": certificate},
            "trust_email": trust_email,
        }
        app.save()
        record(
            action="accounts.sso.provider_saved",
            actor=acting_user,
            target=app,
            data={"changes": changes(before, _saml_fields(app))},
        )
    return app


def _saml_fields(app: SocialApp) -> dict[str, object]:
    idp = app.settings.get("idp", {})
    return {
        "name": app.name,
        "organisation": app.client_id,
        "entity_id": idp.get("entity_id"),
        "sso_url": idp.get("sso_url"),
        "certificate": idp.get("x509cert"),
        "trust_email": bool(app.settings.get("trust_email")),
    }
