"""Time one large completions import end to end (`bench/run.py` calls this with the
bench database): write a CSV of BENCH_IMPORT_ROWS rows for seeded staff, upload
it, and run the import as the worker would (validate every row, then apply in one
transaction and rebuild the affected status rows). Prints one JSON line."""

from __future__ import annotations

import io
import json
import os
import time
from datetime import timedelta

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.utils import timezone  # noqa: E402

from podium.accounts.models import User  # noqa: E402
from podium.training import services  # noqa: E402
from podium.training.models import Completion, ImportStatus, Source, StaffMember  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))


def main() -> None:
    # A course the seed never uses, cleared first, so a re-run imports the same rows.
    Completion.objects.filter(course__code="WRAP", source=Source.IMPORT).delete()
    numbers = list(
        StaffMember.objects.filter(staff_number__startswith="S")
        .order_by("pk")
        .values_list("staff_number", flat=True)[:ROWS]
    )
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    out = io.StringIO()
    out.write("Employee,Module,Date\n")
    for number in numbers:
        out.write(f"{number},WRAP,{day}\n")
    upload = SimpleUploadedFile("bench.csv", out.getvalue().encode(), content_type="text/csv")
    admin = User.objects.get(email="training@example.ac.uk")
    batch = services.upload_import(acting_user=admin, kind="completions", upload=upload)
    batch.mapping = {"staff_number": "Employee", "course": "Module", "completed_on": "Date"}
    batch.status = ImportStatus.QUEUED
    batch.save(update_fields=["mapping", "status"])
    started = time.perf_counter()
    status = services.run_import(import_id=batch.pk)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": len(numbers), "seconds": seconds, "status": status}))


main()
