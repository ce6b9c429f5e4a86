"""pg_trgm and a trigram GiST index on name match keys (PostgreSQL only), and the
default check sources an administrator can then edit.

GiST rather than GIN: search asks for the nearest names (`ORDER BY match_key <->
'…' LIMIT n`), which only a GiST trigram index can answer by index order, so the
cost of a search does not grow with the size of the register."""

from django.db import migrations

DEFAULT_SOURCES = [
    "Search engines and news",
    "The speaker's own publications",
    "The proscribed organisations list",
    "Previous events here",
    "Advice from the regional Prevent co-ordinator",
]


def create_sources(apps, schema_editor):
    CheckSource = apps.get_model("speakers", "CheckSource")
    for position, name in enumerate(DEFAULT_SOURCES, start=1):
        CheckSource.objects.get_or_create(name=name, defaults={"position": position})


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS speakername_key_trgm "
        "ON speakers_speakername USING gist (match_key gist_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS speakername_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("speakers", "0001_initial")]

    operations = [
        migrations.RunPython(trigram_index, drop_trigram_index),
        migrations.RunPython(create_sources, migrations.RunPython.noop),
    ]
