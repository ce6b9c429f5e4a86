"""The register's name words: one `NameToken` row per distinct word of the names'
match keys, with how many names hold it, kept by database triggers in the same
transaction as every change to a name (a service adding, renaming or merging, the
retention job deleting or anonymising, a seed's bulk load, a restore).

Search uses them on PostgreSQL (`selectors._candidates`): for each word of the
query, the nearest few words of this small table by trigram distance (a GiST
index, so it stays cheap as the register grows), then the names holding those
words (a GIN index on the match key's words, `speakers_name_words(match_key)`),
closest words first, ranked in Python as before. A misspelt name then costs what
a correct one does: the trigram nearest-neighbour scan runs over the few
thousand distinct words, not the hundreds of thousands of names.

Triggers, not Python: the retention job changes names with bulk UPDATE and
DELETE, and seeds load them with bulk INSERT, neither of which passes through
the register's services or sends signals. PostgreSQL counts per statement
(transition tables), so a bulk load costs one set-based statement; SQLite per
row, splitting the key with `json_each`. Migration 0004 creates them and builds
the table from the names already there.
"""

# ruff: noqa: S608 - the SQL here is built from constants only, never from input

from __future__ import annotations

from collections import Counter
from typing import Any

NAMES = "speakers_speakername"
TOKENS = "speakers_nametoken"

# --- PostgreSQL ---------------------------------------------------------------------

# The words of a set of names (one row per name and distinct word).
_PG_WORDS = "SELECT DISTINCT id, unnest(string_to_array(match_key, ' ')) AS token FROM {rows}"
_PG_ADD = f"""
    INSERT INTO {TOKENS} (token, names)
    SELECT token, count(*) FROM ({_PG_WORDS}) words WHERE token <> '' GROUP BY token
    ON CONFLICT (token) DO UPDATE SET names = {TOKENS}.names + EXCLUDED.names;
"""
_PG_REMOVE = f"""
    UPDATE {TOKENS} SET names = {TOKENS}.names - gone.names
    FROM (SELECT token, count(*) AS names FROM ({_PG_WORDS}) words GROUP BY token) gone
    WHERE {TOKENS}.token = gone.token;
    DELETE FROM {TOKENS} WHERE names <= 0;
"""
# The names whose key an UPDATE changed, before ("o") or after ("n") it.
_PG_REKEYED = (
    "(SELECT {side}.id, {side}.match_key FROM old_names o JOIN new_names n ON n.id = o.id"
    " WHERE o.match_key IS DISTINCT FROM n.match_key) rekeyed"
)


def _pg_function(name: str, body: str) -> str:
    """A PL/pgSQL trigger function running `body` (statement-level: returns NULL)."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND;\n$$ LANGUAGE plpgsql;\n"
    )


POSTGRESQL_CREATE = (
    _pg_function("speakers_name_tokens_inserted", _PG_ADD.format(rows="new_names"))
    + _pg_function("speakers_name_tokens_deleted", _PG_REMOVE.format(rows="old_names"))
    + _pg_function(
        "speakers_name_tokens_updated",
        _PG_REMOVE.format(rows=_PG_REKEYED.format(side="o"))
        + _PG_ADD.format(rows=_PG_REKEYED.format(side="n")),
    )
    + f"""
CREATE TRIGGER speakers_name_tokens_inserted AFTER INSERT ON {NAMES}
    REFERENCING NEW TABLE AS new_names
    FOR EACH STATEMENT EXECUTE FUNCTION speakers_name_tokens_inserted();
CREATE TRIGGER speakers_name_tokens_deleted AFTER DELETE ON {NAMES}
    REFERENCING OLD TABLE AS old_names
    FOR EACH STATEMENT EXECUTE FUNCTION speakers_name_tokens_deleted();
CREATE TRIGGER speakers_name_tokens_updated AFTER UPDATE ON {NAMES}
    REFERENCING OLD TABLE AS old_names NEW TABLE AS new_names
    FOR EACH STATEMENT EXECUTE FUNCTION speakers_name_tokens_updated();
"""
)
POSTGRESQL_DROP = f"""
DROP TRIGGER IF EXISTS speakers_name_tokens_inserted ON {NAMES};
DROP TRIGGER IF EXISTS speakers_name_tokens_deleted ON {NAMES};
DROP TRIGGER IF EXISTS speakers_name_tokens_updated ON {NAMES};
DROP FUNCTION IF EXISTS speakers_name_tokens_inserted();
DROP FUNCTION IF EXISTS speakers_name_tokens_deleted();
DROP FUNCTION IF EXISTS speakers_name_tokens_updated();
"""
# The nearest words by trigram distance; the names holding given words. The GIN
# index is on a function of the key rather than on `string_to_array(...)` itself:
# declared costly, so that the planner never prefers walking the names table and
# splitting every key (with a LIMIT it expects to reach early, and then does not)
# to the index, whatever its estimate of how many names hold the words.
WORDS_FUNCTION = "speakers_name_words"
POSTGRESQL_INDEXES = f"""
CREATE INDEX IF NOT EXISTS nametoken_trgm ON {TOKENS} USING gist (token gist_trgm_ops);
CREATE OR REPLACE FUNCTION {WORDS_FUNCTION}(key text) RETURNS text[] AS $$
BEGIN
    RETURN string_to_array(key, ' ');
END;
$$ LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000;
CREATE INDEX IF NOT EXISTS speakername_words ON {NAMES}
    USING gin ({WORDS_FUNCTION}(match_key));
"""
POSTGRESQL_INDEXES_DROP = f"""
DROP INDEX IF EXISTS nametoken_trgm;
DROP INDEX IF EXISTS speakername_words;
DROP FUNCTION IF EXISTS {WORDS_FUNCTION}(text);
"""
POSTGRESQL_BUILD = f"DELETE FROM {TOKENS};" + _PG_ADD.format(rows=NAMES)

# --- SQLite -------------------------------------------------------------------------


def _sqlite_words(key: str) -> str:
    """The words of `key` (an SQL expression) as json_each's rows: the key made a
    JSON array by quoting it and turning each space into '","'."""
    quoted = f"replace(replace({key}, '\\', '\\\\'), '\"', '\\\"')"
    return f"""json_each('["' || replace({quoted}, ' ', '","') || '"]')"""


def _sqlite_add(key: str) -> str:
    return f"""INSERT INTO {TOKENS} (token, names)
        SELECT DISTINCT value, 1 FROM {_sqlite_words(key)} WHERE value <> ''
        ON CONFLICT (token) DO UPDATE SET names = names + 1;"""


def _sqlite_remove(key: str) -> str:
    return f"""UPDATE {TOKENS} SET names = names - 1
        WHERE token IN (SELECT value FROM {_sqlite_words(key)});
        DELETE FROM {TOKENS} WHERE names <= 0;"""


SQLITE_CREATE = [
    f"""CREATE TRIGGER speakers_name_tokens_inserted AFTER INSERT ON {NAMES}
        BEGIN {_sqlite_add("NEW.match_key")} END;""",
    f"""CREATE TRIGGER speakers_name_tokens_deleted AFTER DELETE ON {NAMES}
        BEGIN {_sqlite_remove("OLD.match_key")} END;""",
    f"""CREATE TRIGGER speakers_name_tokens_updated AFTER UPDATE OF match_key ON {NAMES}
        WHEN OLD.match_key IS NOT NEW.match_key
        BEGIN {_sqlite_remove("OLD.match_key")} {_sqlite_add("NEW.match_key")} END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS speakers_name_tokens_inserted;",
    "DROP TRIGGER IF EXISTS speakers_name_tokens_deleted;",
    "DROP TRIGGER IF EXISTS speakers_name_tokens_updated;",
]
SQLITE_BUILD = [
    f"DELETE FROM {TOKENS};",
    f"""INSERT INTO {TOKENS} (token, names)
        SELECT value, count(DISTINCT {NAMES}.id) FROM {NAMES}, {_sqlite_words("match_key")}
        WHERE value <> '' GROUP BY value;""",
]


def create(schema_editor: Any) -> None:
    """Indexes (PostgreSQL), triggers, and the table built from the names there."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_INDEXES)
        schema_editor.execute(POSTGRESQL_CREATE)
        schema_editor.execute(POSTGRESQL_BUILD)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE + SQLITE_BUILD:
            schema_editor.execute(statement)


def drop(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
        schema_editor.execute(POSTGRESQL_INDEXES_DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


def recount(keys: list[str]) -> dict[str, int]:
    """What the table should hold for these match keys: each word, and how many of
    the keys hold it (the tests compare it with the table after every change)."""
    counted: Counter[str] = Counter()
    for key in keys:
        counted.update({word for word in key.split(" ") if word})
    return dict(counted)
