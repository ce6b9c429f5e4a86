"""One training status per person per course.

A person whose group and role both require a course had two status rows for it,
shown twice and counted twice. Statuses are derived data: where two exist for one
course, keep the strictest (earliest due; never-expiring last), as
`services.refresh_status` now writes them.
"""

from django.db import migrations, models


def keep_the_strictest(apps, schema_editor):
    RequirementStatus = apps.get_model("training", "RequirementStatus")
    seen = set()
    ordered = RequirementStatus.objects.order_by(
        "staff_id", "course_id", models.F("due_on").asc(nulls_last=True), "requirement_id"
    ).values_list("pk", "staff_id", "course_id")
    duplicates = []
    for pk, staff_id, course_id in ordered.iterator(chunk_size=5000):
        if (staff_id, course_id) in seen:
            duplicates.append(pk)
        seen.add((staff_id, course_id))
    for start in range(0, len(duplicates), 500):
        RequirementStatus.objects.filter(pk__in=duplicates[start : start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_security_policy"),
        ("training", "0002_completion_source_label"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="requirementstatus",
            name="status_once_per_requirement",
        ),
        migrations.RunPython(keep_the_strictest, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="requirementstatus",
            constraint=models.UniqueConstraint(
                fields=("staff", "course"), name="status_once_per_course"
            ),
        ),
    ]
