"""Training's audit codes (`podium/audit/codes.py`)."""

from __future__ import annotations

from podium.audit.codes import code
from podium.training.services import REQUIREMENT_FIELDS

_THINGS = {"staff_group": "a staff group", "course": "a course", "requirement": "a requirement"}
# A deleted requirement's entry carries the fields the service records for it.
_REQUIREMENT_FIELDS = list(REQUIREMENT_FIELDS)
_IMPORT_KEYS = ["kind", "rows", "errors", "created", "updated", "left", "linked"]

CODES = [
    *[
        code(f"training.{thing}.{verb}", f"{{actor}} {verb} {words}: {{target}}", ["changes"])
        for thing, words in _THINGS.items()
        for verb in ("created", "changed")
    ],
    code(
        "training.requirement.deleted",
        "{actor} deleted a requirement: {target}",
        _REQUIREMENT_FIELDS,
    ),
    code(
        "training.completion.recorded",
        "{actor} recorded a completion: {target}",
        ["staff", "course", "completed_on", "source", "evidence"],
    ),
    code(
        "training.completions.recorded",
        "{actor} recorded completions",
        ["rows", "created", "source"],
    ),
    code(
        "training.import.uploaded",
        "{actor} uploaded an import file: {target}",
        ["kind", "file", "full_file"],
    ),
    code("training.import.started", "{actor} started an import: {target}", ["kind", "mapping"]),
    code("training.import.applied", "The import {target} was applied", _IMPORT_KEYS),
    code(
        "training.import.invalid", "The import {target} had errors: nothing imported", _IMPORT_KEYS
    ),
    code("training.import.failed", "The import {target} failed: nothing imported", _IMPORT_KEYS),
    code("training.reminders.sent", "Podium sent training reminders", ["staff", "managers"]),
    code(
        "training.briefing.published",
        "{actor} published a version of the student organiser briefing: {target}",
        ["number", "valid_for_months", "remind_days_before"],
    ),
    code(
        "training.briefing.completed",
        "{actor} recorded a student organiser briefing: {target}",
        ["version", "method", "completed_on", "valid_until"],
    ),
    code(
        "training.briefing.reminders_sent",
        "Podium reminded student organisers whose briefing is about to lapse",
        ["reminders"],
    ),
]
