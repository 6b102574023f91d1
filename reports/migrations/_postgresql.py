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


def facet_upsert(
    table: str, scope: str, *, scope_from: str = "", with_category: bool = True
) -> Callable[[str], str]:
    """``upsert(changes)`` for ``counting_triggers``: adds each changed document's facet
    values (``facet_values``), with its ``delta``, to the counts of ``table`` (columns
    ``scope``, kind, key, n) under the scope ``scope`` names for the document ``c``; a
    document may belong to several scopes through ``scope_from`` (joins after ``c``).
    One aggregated upsert in key order, so concurrent writers serialise on the rows they
    share and each adds its own change."""
    column = scope.rsplit(".", 1)[-1]
    values = facet_values("c", with_category=with_category)

    def upsert(changes: str) -> str:
        return f"""INSERT INTO {table} AS f ({column}, kind, key, n)
SELECT {scope}, x.kind, x.key, sum(c.delta)::int AS n
  FROM ({changes}) AS c{scope_from}
  {values}
 WHERE x.key IS NOT NULL
 GROUP BY 1, 2, 3
HAVING sum(c.delta) <> 0
 ORDER BY 1, 2, 3 ON CONFLICT ({column}, kind, key) DO UPDATE SET n = f.n + EXCLUDED.n"""

    return upsert


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
