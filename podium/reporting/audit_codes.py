"""Reporting's audit codes (`podium/audit/codes.py`)."""

from __future__ import annotations

from podium.audit.codes import code

CODES = [
    code(
        "reporting.return.signed_off",
        "{actor} signed off the Prevent return for the governing body: {target}",
        ["year", "signed_on", "minute_reference"],
    ),
    code(
        "reporting.transparency.published",
        "{actor} published the free-speech transparency report: {target}",
        ["year"],
    ),
    code(
        "reporting.settings.changed",
        "{actor} changed the reporting settings",
        ["changes"],
    ),
]
