"""`podium create-administrator`: the first administrator of a new installation."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from podium.accounts import services
from podium.accounts.models import OrgUnit, UnitKind, User, normalise_email
from podium.accounts.roles import Role
from podium.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create the institution (if there is none yet) and an administrator over all of it. "
        "Asks for the password, or reads one line from standard input with --password-stdin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="The administrator's full name.")
        parser.add_argument(
            "--institution", help="The institution's name, when Podium has none yet."
        )
        parser.add_argument("--password-stdin", action="store_true")

    def handle(
        self,
        *args: Any,
        email: str,
        name: str,
        institution: str | None,
        password_stdin: bool,
        **options: Any,
    ) -> None:
        root = OrgUnit.objects.filter(parent__isnull=True).first()
        if root is None and not institution:
            raise CommandError("Podium has no institution yet: give its name with --institution.")
        if User.objects.filter(email=normalise_email(email)).exists():
            raise CommandError(f"{normalise_email(email)} already has an account.")
        password = self._password(
            password_stdin, User(email=normalise_email(email), full_name=name)
        )
        try:
            with transaction.atomic():
                if root is None:
                    assert institution is not None
                    root = services.create_unit(
                        acting_user=None, name=institution, kind=UnitKind.INSTITUTION, parent=None
                    )
                user = services.create_user(
                    acting_user=None, email=email, full_name=name, password=password
                )
                services.grant_role(
                    acting_user=None,
                    user=user,
                    role=Role.ADMINISTRATOR,
                    unit=root,
                    include_descendants=True,
                )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"{user.email} is now Administrator for {root}. Sign in at /accounts/sign-in/."
        )

    def _password(self, from_stdin: bool, user: User) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password (again): ") != password:
                raise CommandError("The passwords do not match.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password
