"""Refuse TRUNCATE on audit entries, on PostgreSQL (SQLite has no TRUNCATE)."""

from django.db import migrations

from podium.audit.db import create_truncate_trigger, drop_truncate_trigger


def forwards(apps, schema_editor):
    create_truncate_trigger(schema_editor)


def backwards(apps, schema_editor):
    drop_truncate_trigger(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(forwards, backwards)]
