"""Sending e-mail, with Podium's one failure policy.

Every e-mail goes through Django's e-mail backends (`EMAIL_BACKEND`), one message
per address. A message that cannot be sent is logged and the others are still sent:
an e-mail is never the reason a person's change fails. The log says what the e-mail
was about and the kind of failure (and the mail server's reply code), never the
address or the traceback: SMTP errors carry the recipient in their text.
Apps write to people through `podium.notify`; this module is the floor below it,
so that `accounts` (under `notify`) sends its invitation the same way.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def send(*, subject: str, body: str, to: Iterable[str], about: str) -> int:
    """E-mail each address now; returns how many were sent. `about` says in the
    log what a failed e-mail was about (no personal data: an id, not a name)."""
    sent = 0
    for address in to:
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])
        except Exception as error:  # the one failure policy: log it, keep going, never raise
            logger.error("Could not send an e-mail about %s: %s", about, _failure(error))
        else:
            sent += 1
    return sent


def send_on_commit(*, subject: str, body: str, to: Iterable[str], about: str) -> None:
    """E-mail each address once the current transaction commits (at once outside
    one); nothing is sent when it rolls back."""
    addresses = list(to)
    if addresses:
        transaction.on_commit(lambda: send(subject=subject, body=body, to=addresses, about=about))


def _failure(error: Exception) -> str:
    """The kind of failure, without the exception's text (which may hold addresses)."""
    kind = type(error).__name__
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{kind} (the mail server answered {error.smtp_code})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
        return f"{kind} (the mail server answered {', '.join(codes)})"
    return kind
