"""Indexes for the bounded related-reports query (reports.search.related): each key's
most recent reports come from a backward index scan instead of a sort. PostgreSQL only;
the segment-link index sits on segments' table but serves only this query."""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

FORWARD = [
    "CREATE INDEX IF NOT EXISTS reports_reportcompany_company_report "
    "ON reports_reportcompany (company_id, report_id)",
    "CREATE INDEX IF NOT EXISTS reports_related_segment_report "
    "ON segments_reportsegment (segment_id, report_id)",
    "CREATE INDEX IF NOT EXISTS reports_report_pub_category "
    "ON reports_report (category_id, id) WHERE status = 'published'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS reports_report_pub_category",
    "DROP INDEX IF EXISTS reports_related_segment_report",
    "DROP INDEX IF EXISTS reports_reportcompany_company_report",
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_search"), ("segments", "0001_initial")]

    operations = [migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))]
