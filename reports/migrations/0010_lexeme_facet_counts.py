"""Facet counts per frequent word, kept by the database (PostgreSQL only).

``reports_frequentlexeme`` lists the lexemes whose counts are kept (chosen by
``reports.search.frequent.frequent_lexemes_refresh``: those in at least 1% of the
published reports). ``reports_lexemefacet`` holds, for each of them, how many published
reports whose search document contains it there are in all (kind ``t``), per category
(``c``), publication year (``y``), lowest price (``p``), segment (``s``) and licence tier
(``l``). A search for one such word with no filter reads these rows instead of counting
its matches: about 200 rows, where counting a word in a tenth of 100,000 reports read
10,000 documents and 80,000 segment ids.

The statement triggers on ``reports_searchdoc`` follow the per-category counts' design
(migration 0009): each statement's changes become one aggregated upsert of deltas, rows in
key order, so concurrent writers serialise on the rows they share and the counts stay
exact. They do nothing while no lexeme is listed (a fresh catalogue's bulk load).
"""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

CONTRIBUTIONS = """
SELECT l.lexeme, x.kind, x.key, sum(c.delta)::int AS n
  FROM ({changes}) AS c
  CROSS JOIN LATERAL unnest(tsvector_to_array(c.search_vector)) AS l(lexeme)
  JOIN reports_frequentlexeme AS f ON f.lexeme = l.lexeme
  CROSS JOIN LATERAL (
    SELECT 't', '' UNION ALL
    SELECT 'c', c.category_id::text UNION ALL
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
    "INSERT INTO reports_lexemefacet AS f (lexeme, kind, key, n) {contributions} "
    "ORDER BY 1, 2, 3 ON CONFLICT (lexeme, kind, key) DO UPDATE SET n = f.n + EXCLUDED.n"
)


def _function(name: str, changes: str) -> str:
    upsert = UPSERT.format(contributions=CONTRIBUTIONS.format(changes=changes))
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF EXISTS (SELECT 1 FROM reports_frequentlexeme) THEN {upsert}; END IF; "
        f"RETURN NULL; END $$"
    )


FORWARD = [
    "CREATE TABLE reports_frequentlexeme (lexeme text PRIMARY KEY)",
    "CREATE TABLE reports_lexemefacet (lexeme text NOT NULL, kind char(1) NOT NULL, "
    "key text NOT NULL, n integer NOT NULL, PRIMARY KEY (lexeme, kind, key))",
    _function("reports_lexemefacet_insert", NEW_ROWS),
    _function("reports_lexemefacet_update", f"{OLD_ROWS} UNION ALL {NEW_ROWS}"),
    _function("reports_lexemefacet_delete", OLD_ROWS),
    "CREATE TRIGGER reports_lexemefacet_insert AFTER INSERT ON reports_searchdoc "
    "REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_lexemefacet_insert()",
    "CREATE TRIGGER reports_lexemefacet_update AFTER UPDATE ON reports_searchdoc "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_lexemefacet_update()",
    "CREATE TRIGGER reports_lexemefacet_delete AFTER DELETE ON reports_searchdoc "
    "REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_lexemefacet_delete()",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_lexemefacet_insert ON reports_searchdoc",
    "DROP TRIGGER IF EXISTS reports_lexemefacet_update ON reports_searchdoc",
    "DROP TRIGGER IF EXISTS reports_lexemefacet_delete ON reports_searchdoc",
    "DROP FUNCTION IF EXISTS reports_lexemefacet_insert()",
    "DROP FUNCTION IF EXISTS reports_lexemefacet_update()",
    "DROP FUNCTION IF EXISTS reports_lexemefacet_delete()",
    "DROP TABLE IF EXISTS reports_lexemefacet",
    "DROP TABLE IF EXISTS reports_frequentlexeme",
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_category_facet_counts")]

    operations = [
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))
    ]
