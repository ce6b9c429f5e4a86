"""`podium api-token create`: a token for a service account or automation."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from podium.accounts.models import User, normalise_email
from podium.api import services
from podium.api.models import TokenScope
from podium.core.errors import DomainError

SCOPES = {"read-only": TokenScope.READ, "read-write": TokenScope.READ_WRITE}


def parse_lifetime(value: str) -> timedelta:
    """'30d' -> 30 days; '12w' -> 12 weeks."""
    match = re.fullmatch(r"(\d{1,4})([dw])", value.strip())
    if not match:
        raise CommandError(
            f"--expires takes a number of days or weeks, like 30d or 12w, not {value!r}."
        )
    number, unit = int(match[1]), match[2]
    return timedelta(days=number * (7 if unit == "w" else 1))


class Command(BaseCommand):
    help = "Create an API token for a person (e.g. a service account) and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it.")
        create.add_argument("--user", required=True, help="The e-mail address it acts as.")
        create.add_argument("--scope", required=True, choices=sorted(SCOPES))
        create.add_argument(
            "--expires", required=True, help="Lifetime, e.g. 30d or 12w (at most a year)."
        )
        create.add_argument("--name", default="", help="What it is for (default: 'Command line').")

    def handle(
        self,
        *args: Any,
        action: str,
        user: str,
        scope: str,
        expires: str,
        name: str,
        **options: Any,
    ) -> None:
        person = User.objects.filter(email=normalise_email(user)).first()
        if person is None:
            raise CommandError(f"No one has the address {normalise_email(user)}.")
        try:
            token, secret = services.create_token(
                acting_user=None,
                user=person,
                name=name or "Command line",
                scope=SCOPES[scope],
                lifetime=parse_lifetime(expires),
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stderr.write(
            f"Token {token.prefix}… for {person.email} ({token.get_scope_display().lower()}), "
            f"expires {token.expires_at:%Y-%m-%d %H:%M} UTC. It is shown only this once:"
        )
        self.stdout.write(secret)
