from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0011_calendarfeed_key_hash"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="calendarfeed",
            name="key",
        ),
        migrations.AlterField(
            model_name="calendarfeed",
            name="key_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
