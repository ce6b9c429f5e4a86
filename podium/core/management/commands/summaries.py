"""`podium summaries`: recount every summary row (podium/core/summaries.py), e.g.
after applying a migration that adds a kind, after a restore, or after a bulk
load that bypassed the services. `--check` recounts and compares, changing
nothing, and fails if a stored row differs from its recount."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from podium.core import summaries


class Command(BaseCommand):
    help = "Recount every summary row (or, with --check, compare them with a recount)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="Summary kinds (default: every kind).")
        parser.add_argument("--check", action="store_true", help="Compare only; change nothing.")

    def handle(self, *args: Any, names: list[str], check: bool, **options: Any) -> None:
        unknown = [name for name in names if name not in summaries.KINDS]
        if unknown:
            known = ", ".join(sorted(summaries.KINDS))
            raise CommandError(f"No summary kind {', '.join(unknown)}; known: {known}.")
        chosen = names or sorted(summaries.KINDS)
        if check:
            wrong = {name: summaries.differences(name) for name in chosen}
            for name, keys in wrong.items():
                self.stdout.write(f"{name}: {'differs at ' + ', '.join(keys) if keys else 'exact'}")
            if any(wrong.values()):
                raise CommandError(
                    "Some summary rows differ from a recount; run `podium summaries`."
                )
            return
        for name, count in summaries.rebuild(chosen).items():
            self.stdout.write(f"{name}: {count} keys counted")
