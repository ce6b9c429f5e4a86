"""Writes for staff training. Each service is keyword-only, runs in one
transaction, raises `DomainError` with a message a person can read, and writes
one audit entry; e-mail goes out only after the transaction commits.

Imports are all-or-nothing (`run_import`): every row is validated first; only a
clean file is applied, in one transaction with its audit entry and its row counts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import RoleAssignment, User
from podium.audit.services import changes, record
from podium.core import planner
from podium.core.errors import DomainError
from podium.core.files import PDF_OR_IMAGE, check_upload, display_name, generated_name
from podium.core.versioning import check_version
from podium.notify import services as notify
from podium.training import files, importing, rules, selectors, summaries
from podium.training.models import (
    Completion,
    Course,
    ImportKind,
    ImportStatus,
    ReminderKind,
    ReminderSent,
    Requirement,
    RequirementStatus,
    Source,
    StaffGroup,
    StaffMember,
    TrainingImport,
)

logger = logging.getLogger(__name__)

BATCH = 5000
# Files up to this size are validated while the person waits; larger ones run in
# the background (`tasks.run_import`) with a progress page.
INLINE_BYTES = 256 * 1024

EARLIEST = date(1970, 1, 1)  # before Prevent existed: a typing mistake


def _chunks(values: list[Any], size: int | None = None) -> Iterable[list[Any]]:
    size = size or BATCH
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- Status ----------------------------------------------------------------------


def refresh_status(staff_ids: Collection[int] | None = None) -> int:
    """Rebuild `RequirementStatus` for these staff (everyone, with None): one row per
    active person per requirement applying to them. Returns the rows written."""
    requirements = list(Requirement.objects.filter(course__is_active=True))
    by_group: dict[int, list[Requirement]] = defaultdict(list)
    by_role: dict[str, list[Requirement]] = defaultdict(list)
    for requirement in requirements:
        if requirement.group_id:
            by_group[requirement.group_id].append(requirement)
        else:
            by_role[requirement.role].append(requirement)
    course_ids = {r.course_id for r in requirements}
    if staff_ids is None:
        RequirementStatus.objects.all().delete()
        id_chunks: Iterable[list[int]] = _chunks(
            list(
                StaffMember.objects.filter(left_on__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        )
    else:
        ids = sorted(set(staff_ids))
        for chunk in _chunks(ids):
            RequirementStatus.objects.filter(staff_id__in=chunk).delete()
        id_chunks = _chunks(ids)
    written = 0
    for chunk in id_chunks:
        people = list(
            StaffMember.objects.filter(pk__in=chunk, left_on__isnull=True).values_list(
                "pk", "unit_id", "group_id", "started_on", "user_id"
            )
        )
        if not people or not requirements:
            continue
        roles: dict[int, set[str]] = defaultdict(set)
        user_ids = [p[4] for p in people if p[4]]
        if by_role and user_ids:
            for user_id, role in (
                RoleAssignment.objects.current()
                .filter(user_id__in=user_ids)
                .values_list("user_id", "role")
            ):
                roles[user_id].add(role)
        done: dict[tuple[int, int], list[date]] = defaultdict(list)
        for staff_id, course_id, completed_on in Completion.objects.filter(
            staff_id__in=[p[0] for p in people], course_id__in=course_ids
        ).values_list("staff_id", "course_id", "completed_on"):
            done[(staff_id, course_id)].append(completed_on)
        rows = []
        for pk, unit_id, group_id, started_on, user_id in people:
            applying = {r.pk: r for r in by_group.get(group_id, [])} if group_id else {}
            for role in roles.get(user_id, ()) if user_id else ():
                applying.update({r.pk: r for r in by_role.get(role, [])})
            # Two requirements may ask one person for the same course (their group's
            # and their role's): they hold one status for it, the strictest.
            strictest: dict[int, tuple[Requirement, rules.Due]] = {}
            for requirement in sorted(applying.values(), key=lambda r: r.pk):
                due = rules.next_due(
                    started_on=started_on,
                    completions=done.get((pk, requirement.course_id), []),
                    due_within_days=requirement.due_within_days,
                    renew_every_months=requirement.renew_every_months,
                    window_days=requirement.window_days,
                )
                kept = strictest.get(requirement.course_id)
                if kept is None or rules.sooner(due, kept[1]):
                    strictest[requirement.course_id] = (requirement, due)
            for requirement, due in strictest.values():
                rows.append(
                    RequirementStatus(
                        staff_id=pk,
                        requirement_id=requirement.pk,
                        course_id=requirement.course_id,
                        unit_id=unit_id,
                        group_id=group_id,
                        last_completed_on=due.last_completed_on,
                        due_on=due.due_on,
                        window_opens_on=due.window_opens_on,
                    )
                )
        RequirementStatus.objects.bulk_create(rows, batch_size=BATCH)
        written += len(rows)
    # The counts that follow the status rows (podium/training/summaries.py), marked
    # once the rows are written: outside a transaction the eager recount runs at
    # once, and counted before the rows it would have kept the old figures.
    summaries.statuses_changed(None if staff_ids is None else len(staff_ids))
    return written


# --- Staff groups, courses, requirements -------------------------------------------


GROUP_FIELDS = ("name", "is_active")
COURSE_FIELDS = (
    "name",
    "code",
    "provider",
    "category",
    "validity_months",
    "required_to_decide",
    "is_active",
)
REQUIREMENT_FIELDS = (
    "course_id",
    "group_id",
    "role",
    "due_within_days",
    "renew_every_months",
    "window_days",
)


def _values(instance: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}


def _save(
    *,
    acting_user: User,
    instance: Any,
    fields: tuple[str, ...],
    values: dict[str, Any],
    code: str,
    expected_version: str | None = None,
) -> Any:
    """Create or change one record and audit it. An edit made on a form opened
    before someone else saved is refused (`StaleEdit`), never silently applied."""
    created = instance.pk is None
    try:
        with transaction.atomic():
            if not created:
                instance = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
                check_version(instance, list(fields), expected_version)
            before = {} if created else _values(instance, fields)
            for name, value in values.items():
                setattr(instance, name, value)
            instance.save()
            record(
                action=f"training.{code}.{'created' if created else 'changed'}",
                actor=acting_user,
                target=instance,
                data={"changes": changes(before, _values(instance, fields))},
            )
    except IntegrityError:
        raise DomainError(f"There is already a {code.replace('_', ' ')} like this.") from None
    return instance


def save_group(
    *,
    acting_user: User,
    group: StaffGroup | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> StaffGroup:
    """Add a staff group, or rename or retire one."""
    with transaction.atomic():
        result: StaffGroup = _save(
            acting_user=acting_user,
            expected_version=expected_version,
            instance=group or StaffGroup(),
            fields=GROUP_FIELDS,
            values=values,
            code="staff_group",
        )
        if group is not None:  # the dashboard's counts carry the group's name
            summaries.statuses_changed(0)
    return result


def save_course(
    *,
    acting_user: User,
    course: Course | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> Course:
    """Add or change a course. Changing validity re-derives everyone's status."""
    with transaction.atomic():
        result: Course = _save(
            acting_user=acting_user,
            expected_version=expected_version,
            instance=course or Course(),
            fields=COURSE_FIELDS,
            values=values,
            code="course",
        )
        if course is not None:  # its category decides where its completions count
            summaries.mark(summaries.YEARLY)
        refresh_status(_staff_needing(result))
    return result


def _staff_needing(course: Course) -> list[int]:
    return list(RequirementStatus.objects.filter(course=course).values_list("staff_id", flat=True))


def save_requirement(
    *,
    acting_user: User,
    requirement: Requirement | None = None,
    expected_version: str | None = None,
    **values: Any,
) -> Requirement:
    """Add or change who must hold a course, by when, and how often."""
    if bool(values.get("group")) == bool(values.get("role")):
        raise DomainError("Choose a staff group or a role, not both.", field="group")
    with transaction.atomic():
        result: Requirement = _save(
            acting_user=acting_user,
            expected_version=expected_version,
            instance=requirement or Requirement(),
            fields=REQUIREMENT_FIELDS,
            values=values,
            code="requirement",
        )
        refresh_status()
    return result


def delete_requirement(*, acting_user: User, requirement: Requirement) -> None:
    with transaction.atomic():
        record(
            action="training.requirement.deleted",
            actor=acting_user,
            target=requirement,
            data=_values(requirement, REQUIREMENT_FIELDS),
        )
        requirement.delete()
        refresh_status()


# --- Completions -------------------------------------------------------------------


def check_evidence(upload: UploadedFile) -> str:
    """The evidence file's extension, or a DomainError (`podium.core.files`)."""
    return check_upload(upload, kinds=PDF_OR_IMAGE, field="evidence", what="Evidence")


def record_completion(
    *,
    acting_user: User,
    staff: StaffMember,
    course: Course,
    completed_on: date,
    evidence: UploadedFile | None = None,
    source: str = Source.MANUAL,
) -> Completion:
    """Record one completion, with an optional evidence file stored privately."""
    if completed_on > timezone.localdate():
        raise DomainError("The completion date is in the future.", field="completed_on")
    if completed_on < EARLIEST:
        raise DomainError("The completion date is too long ago.", field="completed_on")
    extension = check_evidence(evidence) if evidence is not None else ""
    with transaction.atomic():
        if Completion.objects.filter(
            staff=staff, course=course, completed_on=completed_on
        ).exists():
            raise DomainError(
                "This completion is already recorded for that day.", field="completed_on"
            )
        completion = Completion(
            staff=staff,
            course=course,
            completed_on=completed_on,
            source=source,
            recorded_by=acting_user,
        )
        if evidence is not None:
            completion.evidence_name = display_name(evidence, "evidence")
            completion.evidence.save(generated_name(extension), evidence, save=False)
        completion.save()
        summaries.completions_changed([completed_on])
        refresh_status([staff.pk])
        record(
            action="training.completion.recorded",
            actor=acting_user,
            target=completion,
            unit=staff.unit,
            data={
                "staff": staff.staff_number,
                "course": course.code,
                "completed_on": completed_on,
                "source": source,
                "evidence": bool(extension),
            },
        )
    return completion


def record_completions(
    *, acting_user: User, rows: list[dict[str, str]], source: str = Source.API
) -> tuple[importing.Checked, int]:
    """Bulk completions (the API): the same validation as a file import, all or
    nothing. Returns the check and how many were recorded (0 when any row is bad)."""
    today = timezone.localdate()
    checked = importing.check_completions(
        ((number, row) for number, row in enumerate(rows, start=1)), today=today
    )
    if checked.error_count:
        return checked, 0
    with transaction.atomic():
        created = _create_completions(checked.records, source=source, user=acting_user)
        record(
            action="training.completions.recorded",
            actor=acting_user,
            data={"rows": checked.rows, "created": created, "source": source},
        )
    return checked, created


def _create_completions(
    records: list[Any], *, source: str, user: User, batch: TrainingImport | None = None
) -> int:
    now = timezone.now()
    created = 0
    for chunk in _chunks(records):
        Completion.objects.bulk_create(
            [
                Completion(
                    staff_id=r.staff_id,
                    course_id=r.course_id,
                    completed_on=r.completed_on,
                    source=source,
                    recorded_by=user,
                    recorded_at=now,
                    batch=batch,
                )
                for r in chunk
            ]
        )
        created += len(chunk)
    summaries.completions_changed(
        {r.completed_on for r in records}, refresh=len(records) < summaries.EAGER_LIMIT
    )
    refresh_status({r.staff_id for r in records})
    return created


# --- Imports -----------------------------------------------------------------------


def check_import_file(upload: UploadedFile) -> None:
    extension = files.extension_of(upload.name or "")
    if not extension:
        raise DomainError("Upload a CSV or XLSX file.", field="file")
    if (upload.content_type or "") not in files.ALLOWED_CONTENT_TYPES[extension]:
        raise DomainError("Upload a CSV or XLSX file.", field="file")
    if (upload.size or 0) > files.MAX_IMPORT_BYTES:
        raise DomainError("The file must be smaller than 50 MB.", field="file")


def upload_import(
    *, acting_user: User, kind: str, upload: UploadedFile, full_file: bool = False
) -> TrainingImport:
    """Store an uploaded export privately and read its header row; the person then
    says which column is which (`start_import`)."""
    check_import_file(upload)
    headers = files.read_header(upload, upload.name or "")
    upload.seek(0)
    extension = files.extension_of(upload.name or "")
    with transaction.atomic():
        batch = TrainingImport(
            kind=kind,
            original_name=(upload.name or "").replace("\x00", "")[-200:],
            headers=headers,
            mapping=importing.guess_mapping(kind, headers),
            full_file=full_file and kind == ImportKind.STAFF,
            uploaded_by=acting_user,
        )
        batch.file.save(generated_name(extension), upload, save=False)
        batch.save()
        record(
            action="training.import.uploaded",
            actor=acting_user,
            target=batch,
            data={"kind": kind, "file": batch.original_name, "full_file": batch.full_file},
        )
    return batch


def start_import(
    *, acting_user: User, batch: TrainingImport, mapping: dict[str, str]
) -> TrainingImport:
    """Fix the column mapping and validate then apply the file: small files now,
    large ones in the background."""
    for column in importing.COLUMNS[ImportKind(batch.kind)]:
        heading = mapping.get(column.key, "")
        if column.required and not heading:
            raise DomainError(
                f"Choose the column holding the {column.label.lower()}.", field=column.key
            )
        if heading and heading not in batch.headers:
            raise DomainError(f"There is no column “{heading}”.", field=column.key)
    with transaction.atomic():
        batch = TrainingImport.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.UPLOADED:
            raise DomainError("This import has already been started.")
        batch.mapping = {k: v for k, v in mapping.items() if v}
        batch.status = ImportStatus.QUEUED
        batch.save(update_fields=["mapping", "status"])
        record(
            action="training.import.started",
            actor=acting_user,
            target=batch,
            data={"kind": batch.kind, "mapping": batch.mapping},
        )
    if batch.file.size <= INLINE_BYTES:
        run_import(import_id=batch.pk)
    else:
        # Not at the top: tasks imports this module.
        from podium.training.tasks import run_import as task

        task.enqueue(import_id=batch.pk)
    batch.refresh_from_db()
    return batch


def _progress(batch: TrainingImport, processed: int) -> None:
    TrainingImport.objects.filter(pk=batch.pk).update(processed_rows=processed)


def _count_rows(batch: TrainingImport) -> int:
    with batch.file.open("rb") as stream:
        return max(0, sum(1 for _ in files.read_rows(stream, batch.original_name)) - 1)


def run_import(*, import_id: int) -> str:
    """Validate every row; if any is bad, record why and change nothing. Otherwise
    apply the whole file in one transaction, with one audit entry and the counts."""
    batch = TrainingImport.objects.select_related("uploaded_by").get(pk=import_id)
    if batch.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return str(batch.status)
    today = timezone.localdate()
    try:
        batch.total_rows = _count_rows(batch)
        batch.status = ImportStatus.RUNNING
        batch.save(update_fields=["total_rows", "status"])
        with batch.file.open("rb") as stream:
            rows = files.read_rows(stream, batch.original_name)
            next(rows, None)  # the header
            mapped = importing.mapped_rows(rows, batch.headers, batch.mapping)
            check = (
                importing.check_staff
                if batch.kind == ImportKind.STAFF
                else importing.check_completions
            )
            checked = check(mapped, today=today, progress=lambda n: _progress(batch, n))
        batch.processed_rows = checked.rows
        if checked.error_count:
            _finish(batch, ImportStatus.INVALID, checked, counts={})
        else:
            with transaction.atomic():
                if batch.kind == ImportKind.STAFF:
                    counts = apply_staff(batch, checked.records, today=today)
                else:
                    counts = {
                        "created": _create_completions(
                            checked.records,
                            source=Source.IMPORT,
                            user=batch.uploaded_by,
                            batch=batch,
                        )
                    }
                _finish(batch, ImportStatus.APPLIED, checked, counts=counts)
            if checked.rows >= planner.BULK_ROWS:
                planner.refresh_statistics(StaffMember, Completion, RequirementStatus)
    except DomainError as error:
        checked = importing.Checked()
        checked.add(1, "", error.message)
        _finish(batch, ImportStatus.INVALID, checked, counts={})
    except Exception:
        logger.exception("Training import %s failed", batch.pk)
        checked = importing.Checked()
        checked.add(0, "", "The import failed part-way, so nothing was imported. Try again.")
        _finish(batch, ImportStatus.FAILED, checked, counts={})
    return str(batch.status)


def _finish(
    batch: TrainingImport, status: str, checked: importing.Checked, *, counts: dict[str, int]
) -> None:
    with transaction.atomic():
        batch.status = status
        batch.errors = [list(e) for e in checked.errors]
        batch.error_count = checked.error_count
        batch.counts = counts
        batch.finished_at = timezone.now()
        batch.save(
            update_fields=[
                "status",
                "errors",
                "error_count",
                "counts",
                "finished_at",
                "processed_rows",
            ]
        )
        record(
            action=f"training.import.{'applied' if status == ImportStatus.APPLIED else status}",
            actor=batch.uploaded_by,
            target=batch,
            data={
                "kind": batch.kind,
                "rows": checked.rows,
                "errors": checked.error_count,
                **counts,
            },
        )
        # Done with the file: what was wrong is kept, the personal data is not.
        name = batch.file.name
        storage = batch.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def apply_staff(batch: TrainingImport, records: list[Any], *, today: date) -> dict[str, int]:
    """Add new staff, apply changes, mark leavers (a full file only), link users.
    Nothing is deleted."""
    numbers = [r.staff_number for r in records]
    existing: dict[str, StaffMember] = {}
    for chunk in _chunks(numbers):
        existing.update(
            {s.staff_number: s for s in StaffMember.objects.filter(staff_number__in=chunk)}
        )
    now = timezone.now()
    new, changed = [], []
    fields = ("full_name", "email", "unit_id", "group_id", "started_on", "left_on")
    for r in records:
        values = {
            "full_name": r.full_name,
            "email": r.email,
            "unit_id": r.unit_id,
            "group_id": r.group_id,
            "started_on": r.started_on,
            "left_on": r.left_on,
        }
        person = existing.get(r.staff_number)
        if person is None:
            new.append(
                StaffMember(staff_number=r.staff_number, created_at=now, updated_at=now, **values)
            )
        elif any(getattr(person, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(person, k, v)
            person.updated_at = now
            changed.append(person)
    StaffMember.objects.bulk_create(new, batch_size=BATCH)
    StaffMember.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=1000)
    ids: dict[str, int] = {}
    for chunk in _chunks(numbers):
        ids.update(
            StaffMember.objects.filter(staff_number__in=chunk).values_list("staff_number", "pk")
        )
    managers = {r.line_manager for r in records if r.line_manager and r.line_manager not in ids}
    ids.update(
        StaffMember.objects.filter(staff_number__in=managers).values_list("staff_number", "pk")
    )
    manager_changes = []
    current = {s.staff_number: s.line_manager_id for s in [*existing.values(), *new]}
    for r in records:
        manager_id = ids.get(r.line_manager) if r.line_manager else None
        if current.get(r.staff_number) != manager_id:
            manager_changes.append(StaffMember(pk=ids[r.staff_number], line_manager_id=manager_id))
    StaffMember.objects.bulk_update(manager_changes, ["line_manager_id"], batch_size=1000)
    left = 0
    if batch.full_file:
        in_file = set(numbers)
        leavers = [
            pk
            for number, pk in StaffMember.objects.filter(left_on__isnull=True).values_list(
                "staff_number", "pk"
            )
            if number not in in_file
        ]
        for chunk in _chunks(leavers):
            left += StaffMember.objects.filter(pk__in=chunk).update(left_on=today, updated_at=now)
    linked = link_users()
    refresh_status(set(ids.values()) | set(leavers if batch.full_file else []))
    return {
        "created": len(new),
        "updated": len(
            {p.pk for p in changed}
            | {c.pk for c in manager_changes if c.pk not in {n.pk for n in new}}
        ),
        "left": left,
        "linked": linked,
    }


def link_users() -> int:
    """Link staff to the user with the same e-mail address, where neither is linked."""
    linked_users = StaffMember.objects.filter(user__isnull=False).values("user_id")
    users = {
        email: pk
        for pk, email in User.objects.exclude(pk__in=linked_users)
        .annotate(lowered=Lower("email"))
        .values_list("pk", "lowered")
    }
    count = 0
    for pk, email in (
        StaffMember.objects.filter(user__isnull=True, left_on__isnull=True)
        .exclude(email="")
        .values_list("pk", "email")
    ):
        user_id = users.pop(email.lower(), None)
        if user_id is not None:
            StaffMember.objects.filter(pk=pk).update(user_id=user_id)
            count += 1
    return count


# --- Reminders ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    subject: StaffMember
    course: Course
    kind: str
    due_on: date


def _claim(recipient: StaffMember, reminder: Reminder) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                recipient=recipient,
                subject=reminder.subject,
                course=reminder.course,
                kind=reminder.kind,
                due_on=reminder.due_on,
            )
    except IntegrityError:
        return False
    return True


def send_reminders(*, today: date | None = None) -> dict[str, int]:
    """E-mail each active staff member whose training is due soon or overdue, once
    per due date and kind, and their line manager one summary of new ones."""
    today = today or timezone.localdate()
    sent = {"staff": 0, "managers": 0}
    summaries: dict[int, tuple[StaffMember, list[Reminder]]] = {}
    for status in selectors.reminders_due(today=today):
        assert status.due_on is not None  # reminders_due() selects only rows with one
        kind = ReminderKind.OVERDUE if status.due_on < today else ReminderKind.DUE_SOON
        reminder = Reminder(status.staff, status.course, kind, status.due_on)
        if status.staff.email and _claim(status.staff, reminder):
            _mail(
                status.staff.email,
                "training/email/reminder.txt",
                {"reminder": reminder, "today": today},
            )
            sent["staff"] += 1
        manager = status.staff.line_manager
        if manager and manager.email and manager.left_on is None and _claim(manager, reminder):
            summaries.setdefault(manager.pk, (manager, []))[1].append(reminder)
    for manager, reminders in summaries.values():
        _mail(
            manager.email,
            "training/email/manager_summary.txt",
            {"manager": manager, "reminders": reminders},
        )
        sent["managers"] += 1
    if sent["staff"] or sent["managers"]:
        with transaction.atomic():
            record(action="training.reminders.sent", actor=None, data=sent)
    return sent


def _mail(to: str, template: str, context: dict[str, Any]) -> None:
    # Sent at once: the reminder job runs outside a transaction, each claim committed.
    notify.mail([to], template, context, link=reverse("training:dashboard"), after_commit=False)
