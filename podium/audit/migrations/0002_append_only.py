"""Refuse UPDATE and DELETE on audit entries, on PostgreSQL and SQLite."""

from django.db import migrations

from podium.audit.db import create_triggers, drop_triggers


def forwards(apps, schema_editor):
    create_triggers(schema_editor)


def backwards(apps, schema_editor):
    drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
