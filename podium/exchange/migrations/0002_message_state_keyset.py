# The messages list filtered by state (?state=undelivered) as a keyset page.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="message",
            index=models.Index(
                fields=["state", "created_at", "id"], name="exchange_message_state_keyset"
            ),
        ),
    ]
