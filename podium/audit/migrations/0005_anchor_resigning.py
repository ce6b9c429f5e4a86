"""An anchor's signature alone may be replaced (re-signing after SECRET_KEY is
rotated: `podium audit-resign-anchors`); every other change to an anchor stays
refused (podium/audit/db.py), on PostgreSQL and SQLite."""

from django.db import migrations

from podium.audit.db import allow_resigning, refuse_resigning


def forwards(apps, schema_editor):
    allow_resigning(schema_editor)


def backwards(apps, schema_editor):
    refuse_resigning(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_audit_anchor"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
