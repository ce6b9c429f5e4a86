"""The code-of-conduct acknowledgement, created by the speaker register's migration
0001, now belongs to events. State only: the table keeps its name
(`speakers_acknowledgement`) and every row; the content type is relabelled so
anything pointing at it keeps pointing at the same row."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="events", model="acknowledgement").exists():
        content_type.objects.filter(app_label="speakers", model="acknowledgement").update(
            app_label="events"
        )


def unlabel_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="speakers", model="acknowledgement").exists():
        content_type.objects.filter(app_label="events", model="acknowledgement").update(
            app_label="speakers"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("events", "0005_eventspeaker_speaker"),
        ("speakers", "0003_acknowledgement_to_events"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Acknowledgement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for the speaker"),
                                    ("accepted", "Accepted"),
                                    ("declined", "Declined"),
                                    ("revoked", "Replaced or withdrawn"),
                                ],
                                default="pending",
                                max_length=16,
                            ),
                        ),
                        ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        ("responded_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "request",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="acknowledgements",
                                to="events.eventrequest",
                            ),
                        ),
                        (
                            "sent_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "code",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="speakers.codeofconduct",
                            ),
                        ),
                        (
                            "speaker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="acknowledgements",
                                to="speakers.speaker",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "speakers_acknowledgement",
                        "ordering": ["request", "-sent_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("status", "pending")),
                                fields=("request", "speaker"),
                                name="acknowledgement_one_pending",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, unlabel_content_type),
    ]
