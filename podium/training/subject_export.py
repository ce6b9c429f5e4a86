"""Subject access (`podium/core/subject_export.py`): finding a person in the staff
directory (staff number and e-mail exactly, the name by the speaker matcher) and what
training holds about them."""

from __future__ import annotations

from podium.core.subject_export import (
    ExportMapping,
    Hit,
    NameScorer,
    SearchTerms,
    name_prefilter,
    scored_once,
)
from podium.training.models import StaffMember

STAFF = "training.StaffMember"
USER = "accounts.User"
_LIMIT = 50


def find_staff(terms: SearchTerms, scorer: NameScorer) -> list[Hit]:
    def label(staff: StaffMember) -> str:
        return f"{staff.full_name}, staff number {staff.staff_number}"

    hits: dict[int, Hit] = {}
    if terms.staff_number:
        # Unordered here and below: the directory's name order would have PostgreSQL
        # walk its name index past every row rather than use the search indexes
        # (training's migration 0005).
        by_number = StaffMember.objects.filter(staff_number__iexact=terms.staff_number)
        for staff in by_number.order_by()[:_LIMIT]:
            hits[staff.pk] = Hit(STAFF, staff.pk, label(staff), "staff number", 1.0)
    if terms.email:
        by_email = StaffMember.objects.filter(email__iexact=terms.email)
        for staff in by_email.exclude(pk__in=list(hits)).order_by()[:_LIMIT]:
            hits[staff.pk] = Hit(STAFF, staff.pk, label(staff), "e-mail address", 1.0)
    condition = name_prefilter("full_name", terms.name)
    if condition is not None:
        score_name = scored_once(scorer)
        rows = StaffMember.objects.filter(condition).exclude(pk__in=list(hits)).order_by()
        for staff in rows.only("pk", "full_name", "staff_number")[:2000]:
            score = score_name(terms.name, staff.full_name)
            if score >= terms.threshold:
                hits[staff.pk] = Hit(
                    STAFF, staff.pk, label(staff), f"name, {round(score * 100)}%", score
                )
    return sorted(hits.values(), key=lambda hit: (-hit.score, hit.label))[:_LIMIT]


MAPPINGS = [
    ExportMapping(
        "training.BriefingCompletion",
        "Your student event-organiser briefings, and those you recorded",
        {USER: ("student", "recorded_by")},
        context=("version", "method", "valid_until", "recorded_at"),
    ),
    ExportMapping(
        "training.BriefingReminderSent",
        "Briefing reminders sent to you",
        {USER: ("student",)},
        context=("valid_until", "sent_at"),
    ),
    ExportMapping(
        "training.BriefingVersion",
        "Versions of the student briefing you published",
        {USER: ("published_by",)},
        context=("number", "title", "published_at"),
    ),
    ExportMapping(
        STAFF,
        "Your staff record",
        {STAFF: ("pk",), USER: ("user",)},
        context=("unit", "group", "created_at", "updated_at"),
    ),
    ExportMapping(
        "training.Completion",
        "Training you completed",
        {STAFF: ("staff",), USER: ("staff__user",)},
        context=("course", "source", "recorded_at"),
    ),
    ExportMapping(
        "training.RequirementStatus",
        "Your training status",
        {STAFF: ("staff",), USER: ("staff__user",)},
        context=("requirement", "course", "window_opens_on"),
    ),
    ExportMapping(
        "training.TrainingImport",
        "Training files you uploaded",
        {USER: ("uploaded_by",)},
        context=("kind", "status", "original_name", "created_at", "finished_at"),
        # The file and its errors are about the staff in it, not the uploader.
        third_party=("file", "errors"),
    ),
    ExportMapping(
        "training.ReminderSent",
        "Training reminders sent to you or about you",
        {STAFF: ("recipient", "subject"), USER: ("recipient__user", "subject__user")},
        context=("course", "kind", "due_on", "sent_at"),
    ),
]
