"""Shared by the search migrations (the loader skips modules whose name starts with "_")."""

from collections.abc import Callable


def postgresql_statements(statements: list[str]):
    """A ``RunPython`` function that executes ``statements`` in order on PostgreSQL and does
    nothing elsewhere: the search's indexes, triggers and sequences have no SQLite form."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def facet_values(row: str, *, with_category: bool = False) -> str:
    """A ``CROSS JOIN LATERAL`` listing ``x(kind, key)`` for every facet value of the
    search document ``row``: ``t`` the document itself (key ''), ``c`` its category (with
    ``with_category``), ``y`` its publication year, ``p`` its lowest price, ``s`` each
    segment, ``l`` each licence tier; keys may be NULL. What the kept facet counts count
    (``reports.search.facets.summed_counts`` reads them back)."""
    category = f"\n    SELECT 'c', {row}.category_id::text UNION ALL" if with_category else ""
    return f"""CROSS JOIN LATERAL (
    SELECT 't', '' UNION ALL{category}
    SELECT 'y', extract(year FROM {row}.published_at AT TIME ZONE 'UTC')::int::text UNION ALL
    SELECT 'p', {row}.price_from::text UNION ALL
    SELECT 's', unnest({row}.facet_segments)::text UNION ALL
    SELECT 'l', unnest({row}.facet_tiers)
  ) AS x(kind, key)"""


_OLD_ROWS = "SELECT *, -1 AS delta FROM old_rows WHERE is_published"
_NEW_ROWS = "SELECT *, 1 AS delta FROM new_rows WHERE is_published"
_EVENTS = {
    "insert": ("REFERENCING NEW TABLE AS new_rows", _NEW_ROWS),
    "update": (
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        f"{_OLD_ROWS} UNION ALL {_NEW_ROWS}",
    ),
    "delete": ("REFERENCING OLD TABLE AS old_rows", _OLD_ROWS),
}


def counting_triggers(
    prefix: str, upsert: Callable[[str], str], *, only_if: str = ""
) -> tuple[list[str], list[str]]:
    """Forward and backward statements for three statement triggers on
    ``reports_searchdoc`` (after insert, update and delete), named ``{prefix}_{event}``,
    whose function runs ``upsert(changes)``: ``changes`` selects each changed published
    document with ``delta`` +1 (as it is now) or -1 (as it was). ``only_if`` (an SQL
    condition) skips the work when false."""
    forward, backward = [], []
    for event, (referencing, changes) in _EVENTS.items():
        name = f"{prefix}_{event}"
        body = f"IF {only_if} THEN {upsert(changes)}; END IF" if only_if else upsert(changes)
        forward += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER {event.upper()} ON reports_searchdoc {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
        backward += [
            f"DROP TRIGGER IF EXISTS {name} ON reports_searchdoc",
            f"DROP FUNCTION IF EXISTS {name}()",
        ]
    return forward, backward
