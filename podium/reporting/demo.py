"""The return's demo: the last academic year's return (its events come from the
events demo's last-year requests) left awaiting the governor's sign-off, and the
year before it signed off at the governing body's meeting, so the page shows a
signed return and one waiting. Idempotent."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from podium.accounts.models import User
from podium.reporting import selectors, services
from podium.reporting.models import ReturnSignOff


@transaction.atomic
def create_return_demo() -> int:
    """Sign off the return of the year before last, as the demo governor did."""
    year = selectors.latest_complete_year() - 1
    governor = User.objects.filter(email__startswith="governor@").first()
    if governor is None or ReturnSignOff.objects.filter(year=year).exists():
        return 0
    services.sign_off_return(
        acting_user=governor,
        year=year,
        signer_name=governor.full_name,
        signed_on=date(year + 1, 11, 27),
        minute_reference=f"GB/{str(year + 1)[-2:]}/14",
    )
    return 1


def demo_step(password: str) -> list[str]:
    lines = []
    if create_return_demo():
        lines.append(
            "Prevent return: the year before last signed off by the governor; last year's "
            "awaits sign-off."
        )
    return lines
