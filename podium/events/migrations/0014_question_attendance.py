"""Screening questions can say which attendance a "yes" means, so contradictory
answers ("Members only" and "open to the public: yes") are caught; the default
policy's public question is tied to "Open to the public"."""

from django.db import migrations, models


def tie_public_question(apps, schema_editor):
    ScreeningQuestion = apps.get_model("events", "ScreeningQuestion")
    ScreeningQuestion.objects.filter(text="Is the event open to the public?").update(
        yes_means_attendance="public"
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0013_request_text")]

    operations = [
        migrations.AddField(
            model_name="screeningquestion",
            name="yes_means_attendance",
            field=models.CharField(
                blank=True,
                choices=[
                    ("members", "Members only"),
                    ("invited", "Invited guests"),
                    ("public", "Open to the public"),
                ],
                default="",
                max_length=16,
            ),
        ),
        migrations.RunPython(tie_public_question, migrations.RunPython.noop),
    ]
