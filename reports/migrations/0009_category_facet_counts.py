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

from reports.migrations._postgresql import counting_triggers, facet_upsert, postgresql_statements

_upsert = facet_upsert("reports_categoryfacet", "c.category_id", with_category=False)
TRIGGERS, DROP_TRIGGERS = counting_triggers("reports_categoryfacet", _upsert)
FORWARD = [
    "CREATE TABLE reports_categoryfacet (category_id bigint NOT NULL, kind char(1) NOT NULL, "
    "key text NOT NULL, n integer NOT NULL, PRIMARY KEY (category_id, kind, key))",
    *TRIGGERS,
    _upsert("SELECT *, 1 AS delta FROM reports_searchdoc WHERE is_published"),
]
BACKWARD = [*DROP_TRIGGERS, "DROP TABLE IF EXISTS reports_categoryfacet"]


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_names_generation")]

    operations = [
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))
    ]
