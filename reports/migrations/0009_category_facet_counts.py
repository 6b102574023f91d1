"""Facet counts per category, kept by the database: ``reports_categoryfacet`` holds, for
each category, how many published reports filed directly under it there are in all
(kind ``t``), per publication year (``y``), lowest price (``p``), segment (``s``) and
licence tier (``l``). A category page, or the catalogue, with no query and no other
filter sums these rows instead of counting its reports (``reports.search.facets``).

Statement triggers on ``reports_searchdoc`` apply each statement's changes as one
aggregated upsert of deltas (``n = n + delta``, rows in key order): concurrent writers
serialise on the rows they share and each adds its own change, so the counts are exact
under concurrency, and an edit that changes no counted value (a rebuilt text vector)
writes nothing. PostgreSQL only."""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

CONTRIBUTIONS = """
SELECT c.category_id, x.kind, x.key, sum(c.delta)::int AS n
  FROM ({changes}) AS c
  CROSS JOIN LATERAL (
    SELECT 't', '' UNION ALL
    SELECT 'y', extract(year FROM c.published_at AT TIME ZONE 'UTC')::int::text UNION ALL
    SELECT 'p', c.price_from::text UNION ALL
    SELECT 's', unnest(c.facet_segments)::text UNION ALL
    SELECT 'l', unnest(c.facet_tiers)
  ) AS x(kind, key)
 WHERE x.key IS NOT NULL
 GROUP BY 1, 2, 3
HAVING sum(c.delta) <> 0
"""
OLD_ROWS = "SELECT *, -1 AS delta FROM old_rows WHERE is_published"
NEW_ROWS = "SELECT *, 1 AS delta FROM new_rows WHERE is_published"
UPSERT = (
    "INSERT INTO reports_categoryfacet AS f (category_id, kind, key, n) {contributions} "
    "ORDER BY 1, 2, 3 ON CONFLICT (category_id, kind, key) DO UPDATE SET n = f.n + EXCLUDED.n"
)


def _function(name: str, changes: str) -> str:
    upsert = UPSERT.format(contributions=CONTRIBUTIONS.format(changes=changes))
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {upsert}; RETURN NULL; END $$"
    )


FORWARD = [
    "CREATE TABLE reports_categoryfacet (category_id bigint NOT NULL, kind char(1) NOT NULL, "
    "key text NOT NULL, n integer NOT NULL, PRIMARY KEY (category_id, kind, key))",
    _function("reports_categoryfacet_insert", NEW_ROWS),
    _function("reports_categoryfacet_update", f"{OLD_ROWS} UNION ALL {NEW_ROWS}"),
    _function("reports_categoryfacet_delete", OLD_ROWS),
    "CREATE TRIGGER reports_categoryfacet_insert AFTER INSERT ON reports_searchdoc "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_categoryfacet_insert()",
    "CREATE TRIGGER reports_categoryfacet_update AFTER UPDATE ON reports_searchdoc "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_categoryfacet_update()",
    "CREATE TRIGGER reports_categoryfacet_delete AFTER DELETE ON reports_searchdoc "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_categoryfacet_delete()",
    UPSERT.format(
        contributions=CONTRIBUTIONS.format(
            changes="SELECT *, 1 AS delta FROM reports_searchdoc WHERE is_published"
        )
    ),
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_categoryfacet_insert ON reports_searchdoc",
    "DROP TRIGGER IF EXISTS reports_categoryfacet_update ON reports_searchdoc",
    "DROP TRIGGER IF EXISTS reports_categoryfacet_delete ON reports_searchdoc",
    "DROP FUNCTION IF EXISTS reports_categoryfacet_insert()",
    "DROP FUNCTION IF EXISTS reports_categoryfacet_update()",
    "DROP FUNCTION IF EXISTS reports_categoryfacet_delete()",
    "DROP TABLE IF EXISTS reports_categoryfacet",
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_names_generation")]

    operations = [migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))]
