"""Anchors for pruning the log's oldest entries; DELETE of an entry passes only
when an anchor covers it; anchors refuse UPDATE, DELETE and TRUNCATE
(podium/audit/db.py), on PostgreSQL and SQLite."""

from django.db import migrations, models

from podium.audit.db import create_anchored_delete, drop_anchored_delete


def forwards(apps, schema_editor):
    create_anchored_delete(schema_editor)


def backwards(apps, schema_editor):
    drop_anchored_delete(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_refuse_truncate'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditAnchor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveBigIntegerField(unique=True)),
                ('entry_hash', models.CharField(max_length=64)),
                ('pruned', models.PositiveBigIntegerField()),
                ('pruned_before', models.DateTimeField()),
                ('made_at', models.DateTimeField()),
                ('made_by_run', models.CharField(max_length=100)),
                ('signature', models.CharField(max_length=128)),
            ],
            options={
                'ordering': ['-sequence'],
                'constraints': [models.CheckConstraint(condition=models.Q(('sequence__gte', 1)), name='audit_anchor_sequence_positive')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
