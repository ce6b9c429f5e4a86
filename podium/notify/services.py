"""Telling people: `notify` puts a message in each person's inbox and e-mails it
after the commit; `mail` e-mails addresses that are not people who sign in (a
speaker, a staff member). Both send through `podium.core.mail`, so a failure to
send is handled one way everywhere: logged, the other e-mails still go, and the
person's change is never undone by it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from podium.core import mail as core_mail
from podium.notify.models import Message

if TYPE_CHECKING:
    from podium.accounts.models import User


def _context(context: Mapping[str, Any], link: str) -> dict[str, Any]:
    """What every e-mail template may use: the institution's name and the absolute
    `link` to the page it is about."""
    full = {"institution": settings.PODIUM_INSTITUTION_NAME, **context}
    if link:
        full["link"] = settings.PODIUM_BASE_URL + link
    return full


def notify(
    recipients: Iterable[User],
    template: str,
    context: Mapping[str, Any],
    *,
    subject: str,
    link: str = "",
    link_label: str = "",
) -> list[Message]:
    """Put the message rendered from `template` in each active recipient's inbox
    (once per person) and e-mail it to them once the transaction commits.

    `link` is the path of the page the message is about (the inbox links to it
    with `link_label`; the template gets it as an absolute URL, `link`)."""
    people = {user.pk: user for user in recipients if user.is_active}
    if not people:
        return []
    body = render_to_string(template, _context(context, link))
    messages = Message.objects.bulk_create(
        Message(recipient=user, subject=subject, body=body, link=link, link_label=link_label)
        for user in people.values()
    )
    core_mail.send_on_commit(
        subject=subject,
        body=body,
        to=[user.email for user in people.values()],
        about=f"{template} {link}".strip(),
    )
    return messages


def mail(
    addresses: Iterable[str],
    template: str,
    context: Mapping[str, Any],
    *,
    subject: str | None = None,
    link: str = "",
    after_commit: bool = True,
) -> None:
    """E-mail addresses with no inbox in Podium. Without `subject`, the template's
    first line is the subject and the rest the body. `after_commit=False` sends at
    once, for scheduled jobs that already run outside a transaction."""
    body: str = render_to_string(template, _context(context, link))
    if subject is None:
        first, _, rest = body.partition("\n")
        subject, body = first.strip(), rest.strip() + "\n"
    about = f"{template} {link}".strip()
    if after_commit:
        core_mail.send_on_commit(subject=subject, body=body, to=addresses, about=about)
    else:
        core_mail.send(subject=subject, body=body, to=addresses, about=about)


def mark_read(*, user: User, message_ids: Iterable[int]) -> int:
    """Mark those of `message_ids` that are the person's own unread messages read;
    how many were. The person's own reading state, not a change to any record:
    deliberately not audited (README)."""
    ids = list(message_ids)
    if not ids:
        return 0
    return Message.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
