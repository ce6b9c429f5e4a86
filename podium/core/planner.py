"""The query planner's statistics after a bulk load (issue 20; docs/performance.md).

PostgreSQL's autovacuum analyses a table some time after about a tenth of it has
changed; until then the planner plans from statistics older than the load. Seen at
national scale: the request list took 1.7 s on a sequential scan after a seed, and
24 ms once analysed. Whatever loads rows in bulk refreshes the statistics of the
tables it filled, in the same request or task, so the next page is planned on them.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model

# A load smaller than this changes no plan worth the ANALYZE (a few hundred ms a
# table of a million rows: PostgreSQL samples 30,000 rows whatever the size).
BULK_ROWS = 1000


def refresh_statistics(*models: type[Model]) -> None:
    """ANALYZE the models' tables on PostgreSQL (unlike VACUUM, it may run inside a
    transaction). SQLite's planner needs no such refresh here."""
    if connection.vendor != "postgresql" or not models:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
