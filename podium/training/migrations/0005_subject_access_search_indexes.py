"""Indexes for the subject access search over training_staffmember (PostgreSQL only; issue 21):
a trigram GIN index on the upper-cased name, which the name prefilter's
`UPPER(full_name::text) LIKE '%ABC%'` uses (`podium.core.subject_export.name_prefilter`),
and btree indexes on the upper-cased email and staff number, which `__iexact` uses.
Without them every search read the whole table (docs/performance.md, "Privacy at
national scale"). pg_trgm is created by speakers' 0002, and again here if need be."""

from django.db import migrations

TABLE = "training_staffmember"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_full_name_upper_trgm ON {TABLE} "
        "USING gin ((UPPER(full_name::text)) gin_trgm_ops)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_email_upper ON {TABLE} ((UPPER(email::text)))",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_staff_number_upper ON {TABLE} ((UPPER(staff_number::text)))",
]
DROP = [
    f"DROP INDEX IF EXISTS {TABLE}_full_name_upper_trgm",
    f"DROP INDEX IF EXISTS {TABLE}_email_upper",
    f"DROP INDEX IF EXISTS {TABLE}_staff_number_upper",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("training", "0004_student_organiser_briefing")]

    operations = [migrations.RunPython(create, drop)]
