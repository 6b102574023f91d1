"""Facet counts per segment, kept by the database: ``reports_segmentfacet`` holds, for each
segment, how many published reports covering it there are in all (kind ``t``), per
category (``c``), publication year (``y``), lowest price (``p``), segment (``s``) and
licence tier (``l``). A segment or region page, or a search of one segment with no query
and no other filter, sums these rows instead of counting its reports
(``reports.search.facets.segment_counts``): a region in a fifth of 100,000 reports cost
60 ms to count.

The statement triggers on ``reports_searchdoc`` follow the per-category counts' design
(migration 0009), once per segment in the document's ``facet_segments``. PostgreSQL only.
"""

from django.db import migrations

from reports.migrations._postgresql import counting_triggers, facet_upsert, postgresql_statements

_upsert = facet_upsert(
    "reports_segmentfacet",
    "s.segment_id",
    scope_from="\n  CROSS JOIN LATERAL unnest(c.facet_segments) AS s(segment_id)",
)
TRIGGERS, DROP_TRIGGERS = counting_triggers("reports_segmentfacet", _upsert)
FORWARD = [
    "CREATE TABLE reports_segmentfacet (segment_id bigint NOT NULL, kind char(1) NOT NULL, "
    "key text NOT NULL, n integer NOT NULL, PRIMARY KEY (segment_id, kind, key))",
    *TRIGGERS,
    _upsert("SELECT *, 1 AS delta FROM reports_searchdoc WHERE is_published"),
]
BACKWARD = [*DROP_TRIGGERS, "DROP TABLE IF EXISTS reports_segmentfacet"]


class Migration(migrations.Migration):
    dependencies = [("reports", "0012_trigram_operator_costs")]

    operations = [
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))
    ]
