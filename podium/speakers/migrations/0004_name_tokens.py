"""The register's name words (`NameToken`), kept by triggers on the names, and
built here from the names already there in one set-based statement; on
PostgreSQL a trigram GiST index on the words and a GIN index on each name's
words, which search uses to find a misspelt name at the cost of a correct one
(podium/speakers/tokens.py). Additive: a new table, two indexes, triggers."""

from django.db import migrations, models

from podium.speakers import tokens


def forwards(apps, schema_editor):
    tokens.create(schema_editor)


def backwards(apps, schema_editor):
    tokens.drop(schema_editor)



class Migration(migrations.Migration):

    dependencies = [
        ('speakers', '0003_acknowledgement_to_events'),
    ]

    operations = [
        migrations.CreateModel(
            name='NameToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=200, unique=True)),
                ('names', models.PositiveIntegerField()),
            ],
            options={
                'ordering': ['token'],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
