"""Writes of the reporting app: the governing body's sign-off of a year's return,
publishing the transparency report, and the reporting settings. Each writes one
audit entry in its transaction; the figures themselves are never written here,
only frozen copies of them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from podium.accounts.permissions import require_institution_wide as require
from podium.accounts.roles import Capability
from podium.audit.services import record
from podium.core import academic_year
from podium.core.errors import DomainError
from podium.reporting import selectors
from podium.reporting.models import ReportingSettings, ReturnSignOff, TransparencyReport

if TYPE_CHECKING:
    from podium.accounts.models import User


def sign_off_return(
    *,
    acting_user: User,
    year: int,
    signer_name: str,
    signed_on: date,
    minute_reference: str,
) -> ReturnSignOff:
    """A governing body member signs off the return for the academic year starting
    1 August `year`: its figures are frozen as they stand now. Once only per year."""
    require(acting_user, Capability.SIGN_OFF_RETURN)
    problems = []
    if not signer_name.strip():
        problems.append(("signer_name", "Enter the name of the governing body member signing."))
    if not minute_reference.strip():
        problems.append(("minute_reference", "Enter the reference of the minute recording it."))
    if signed_on > timezone.localdate():
        problems.append(("signed_on", "The date of sign-off cannot be in the future."))
    elif signed_on <= date(year + 1, 7, 31):
        problems.append(("signed_on", "The return can be signed off only after its year ends."))
    if problems:
        raise DomainError.of(problems)
    report = selectors.the_return(year=year, user=acting_user)
    try:
        with transaction.atomic():
            sign_off = ReturnSignOff.objects.create(
                year=year,
                jurisdiction=report.jurisdiction,
                figures=report.figures,
                signed_by=acting_user,
                signer_name=signer_name.strip(),
                signed_on=signed_on,
                minute_reference=minute_reference.strip(),
            )
            record(
                action="reporting.return.signed_off",
                actor=acting_user,
                target=sign_off,
                data={
                    "year": year,
                    "signed_on": signed_on.isoformat(),
                    "minute_reference": sign_off.minute_reference,
                },
            )
    except IntegrityError:
        raise DomainError(
            f"The {academic_year.label(year)} return is already signed off."
        ) from None
    return sign_off


def publish_transparency_report(*, acting_user: User, year: int) -> TransparencyReport:
    """Publish the year's transparency report: its suppressed figures are frozen and
    shown to anyone, signed in or not. Once only per year."""
    require(acting_user, Capability.PUBLISH_TRANSPARENCY)
    if year > selectors.latest_complete_year():
        raise DomainError("A year's transparency report can be published only after the year ends.")
    try:
        with transaction.atomic():
            report = TransparencyReport.objects.create(
                year=year,
                figures=selectors.transparency_figures(year=year),
                published_by=acting_user,
            )
            record(
                action="reporting.transparency.published",
                actor=acting_user,
                target=report,
                data={"year": year},
            )
    except IntegrityError:
        raise DomainError(
            f"The {academic_year.label(year)} transparency report is already published."
        ) from None
    return report


def save_settings(*, acting_user: User, suppression_threshold: int, jurisdiction: str) -> None:
    """The suppression threshold and the return's jurisdiction (administrators)."""
    require(acting_user, Capability.PUBLISH_TRANSPARENCY)
    if suppression_threshold < 1:
        raise DomainError("The threshold must be 1 or more.", field="suppression_threshold")
    with transaction.atomic():
        row = ReportingSettings.current()
        row = ReportingSettings.objects.select_for_update().get(pk=row.pk)
        changes = {
            name: {"old": getattr(row, name), "new": new}
            for name, new in (
                ("suppression_threshold", suppression_threshold),
                ("jurisdiction", jurisdiction),
            )
            if getattr(row, name) != new
        }
        if not changes:
            return
        row.suppression_threshold = suppression_threshold
        row.jurisdiction = jurisdiction
        row.updated_at = timezone.now()
        row.save(update_fields=["suppression_threshold", "jurisdiction", "updated_at"])
        record(action="reporting.settings.changed", actor=acting_user, data={"changes": changes})
