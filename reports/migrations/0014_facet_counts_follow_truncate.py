"""The kept facet counts (per category, per segment, per frequent word) are emptied when
the search documents are truncated (PostgreSQL only).

Why: ``TRUNCATE`` fires no delete trigger, so after ``manage.py flush`` (or a test run's
flush between transactional tests) the counts still counted the reports that were gone,
and the catalogue's facets listed them. The frequent words stay listed: their counts
start again from zero, as the documents do.
"""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

COUNT_TABLES = ["reports_categoryfacet", "reports_segmentfacet", "reports_lexemefacet"]
FORWARD = [
    "CREATE OR REPLACE FUNCTION reports_facets_truncate() RETURNS trigger LANGUAGE plpgsql "
    "AS $$ BEGIN "
    + " ".join(f"DELETE FROM {table};" for table in COUNT_TABLES)
    + " RETURN NULL; END $$",
    "CREATE TRIGGER reports_facets_truncate AFTER TRUNCATE ON reports_searchdoc "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_facets_truncate()",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_facets_truncate ON reports_searchdoc",
    "DROP FUNCTION IF EXISTS reports_facets_truncate()",
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0013_segment_facet_counts")]

    operations = [
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))
    ]
