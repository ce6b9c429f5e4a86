"""Telling the other administrators and the Prevent leads whenever someone is
granted a role that decides event requests or appeals (`accounts.roles.DECIDING_ROLES`),
so that an administrator cannot quietly make themselves, or a friend, a
decision-maker. Subscribed to `accounts.extensions.on_deciding_role_granted` in
`NotifyConfig.ready()`: accounts sits below notify and cannot call it."""

from __future__ import annotations

from django.urls import reverse

from podium.accounts.models import RoleAssignment, User
from podium.accounts.roles import Role
from podium.notify.services import notify

# Who hears of a grant: whoever holds one of these roles anywhere, today.
TOLD_ROLES = (Role.ADMINISTRATOR, Role.PREVENT_LEAD)


def tell_of_deciding_grant(assignment: RoleAssignment, granted_by: User | None) -> None:
    """Inbox and e-mail (after commit) to every current administrator and Prevent
    lead but the person who granted the role. A grant made by a server command
    (`podium demo`, `podium seed`, a shell) has no granter in Podium to watch: it is
    audited and listed on the people page, and told to no one."""
    if granted_by is None:
        return
    holders = RoleAssignment.objects.current().filter(role__in=TOLD_ROLES).values("user")
    recipients = User.objects.filter(pk__in=holders, is_active=True).order_by("pk")
    recipients = recipients.exclude(pk=granted_by.pk)
    role = Role(assignment.role).label
    notify(
        recipients,
        "notify/email/deciding_role_granted.txt",
        {"assignment": assignment, "role": role, "granted_by": granted_by},
        subject=f"{assignment.user} was made {role} for {assignment.unit}",
        link=reverse("accounts:user-detail", args=[assignment.user_id]),
        link_label=f"Open {assignment.user}",
    )
