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

from reports.migrations._postgresql import (
    counting_triggers,
    facet_upsert,
    facet_values,
    postgresql_statements,
)

_upsert = facet_upsert(
    "reports_lexemefacet",
    "l.lexeme",
    scope_from="\n  CROSS JOIN LATERAL unnest(tsvector_to_array(c.search_vector)) AS l(lexeme)"
    "\n  JOIN reports_frequentlexeme AS f ON f.lexeme = l.lexeme",
)


KEEP_FUNCTION = (
    r"""
CREATE OR REPLACE FUNCTION reports_lexemefacet_keep(word text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE reports_searchdoc IN SHARE MODE;
  IF EXISTS (SELECT 1 FROM reports_frequentlexeme WHERE lexeme = word) THEN
    RETURN false;
  END IF;
  DELETE FROM reports_lexemefacet WHERE lexeme = word;
  INSERT INTO reports_lexemefacet (lexeme, kind, key, n)
  SELECT word, x.kind, x.key, count(*)::int
    FROM reports_searchdoc AS c
    """
    + facet_values("c", with_category=True)
    + r"""
   WHERE c.is_published
     AND c.search_vector @@ (
           '''' || replace(replace(word, '\', '\\'), '''', '''''') || '''')::tsquery
     AND x.key IS NOT NULL
   GROUP BY 1, 2, 3;
  INSERT INTO reports_frequentlexeme (lexeme) VALUES (word);
  RETURN true;
END $$
"""
)
"""Start keeping ``word``'s counts: counted through the GIN index (the word quoted as a
tsquery operand) as the triggers would have accumulated them, while writers wait (a
``SHARE`` lock until the caller's transaction ends), then listed; false if it was listed
already."""

TRIGGERS, DROP_TRIGGERS = counting_triggers(
    "reports_lexemefacet", _upsert, only_if="EXISTS (SELECT 1 FROM reports_frequentlexeme)"
)
FORWARD = [
    "CREATE TABLE reports_frequentlexeme (lexeme text PRIMARY KEY)",
    "CREATE TABLE reports_lexemefacet (lexeme text NOT NULL, kind char(1) NOT NULL, "
    "key text NOT NULL, n integer NOT NULL, PRIMARY KEY (lexeme, kind, key))",
    KEEP_FUNCTION,
    *TRIGGERS,
]
BACKWARD = [
    *DROP_TRIGGERS,
    "DROP FUNCTION IF EXISTS reports_lexemefacet_keep(text)",
    "DROP TABLE IF EXISTS reports_lexemefacet",
    "DROP TABLE IF EXISTS reports_frequentlexeme",
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_category_facet_counts")]

    operations = [
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))
    ]
