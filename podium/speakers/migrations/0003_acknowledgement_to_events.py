"""The code-of-conduct acknowledgement moves to the events app (it hangs off an event
request). State only: the table `speakers_acknowledgement` and every row stay; events'
migration 0006 takes the model over with the same table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("speakers", "0002_trigram_index_and_sources"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Acknowledgement")],
            database_operations=[],
        ),
    ]
