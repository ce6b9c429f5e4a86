# Calendar feed keys are stored hashed (SHA-256), like API tokens. Existing keys are
# hashed here, so the addresses people already subscribed to keep working; 0012 then
# drops the plain-text column. Going back cannot recover a key from its hash: each
# feed gets a new random key, so its owner has to replace the address.

import hashlib
import secrets

from django.db import migrations, models


def hash_keys(apps, schema_editor):
    CalendarFeed = apps.get_model("events", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "key").iterator():
        digest = hashlib.sha256(feed.key.encode("utf-8", "surrogatepass")).hexdigest()
        CalendarFeed.objects.filter(pk=feed.pk).update(key_hash=digest)


def new_plain_keys(apps, schema_editor):
    CalendarFeed = apps.get_model("events", "CalendarFeed")
    for pk in CalendarFeed.objects.filter(key__isnull=True).values_list("pk", flat=True):
        CalendarFeed.objects.filter(pk=pk).update(key=secrets.token_urlsafe(32))


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0010_acknowledgement_address_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="key_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="calendarfeed",
            name="key",
            field=models.CharField(max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(hash_keys, new_plain_keys),
    ]
