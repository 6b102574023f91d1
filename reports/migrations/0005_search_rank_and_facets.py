"""The small ranking vector and the facet arrays beside the search document (see
reports.search.index and reports.search.facets): relevance is ranked on a vector that stays
in the row instead of the sections' TOASTed one, and segment and licence-tier counts read
the matched rows instead of one index probe per row and link table."""

import django.contrib.postgres.search
from django.db import migrations, models

from reports.migrations._postgresql import postgresql_statements

import reports.models


FORWARD = [
    # Segment filters match ``facet_segments @> ARRAY[id]`` through this index.
    "CREATE INDEX IF NOT EXISTS reports_report_facet_segments_gin "
    "ON reports_report USING gin (facet_segments)",
    # The vocabulary of titles and key players' names spelling corrections look up.
    "CREATE TABLE IF NOT EXISTS reports_searchword (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS reports_searchword_trgm "
    "ON reports_searchword USING gin (word gin_trgm_ops)",
]
BACKWARD = [
    "DROP TABLE IF EXISTS reports_searchword",
    "DROP INDEX IF EXISTS reports_report_facet_segments_gin",
]


def backfill(apps, schema_editor):
    """Nothing: the documents moved to their own table in 0007, which builds any that are
    missing (the rebuild of today's code writes that table, which does not exist yet)."""


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_related_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="facet_segments",
            field=reports.models.PostgresArrayField(
                base_field=models.IntegerField(),
                editable=False,
                help_text="Ids of the report's segments, read by the facet counts "
                "(PostgreSQL), kept current by reports.search.",
                null=True,
                size=None,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="facet_tiers",
            field=reports.models.PostgresArrayField(
                base_field=models.TextField(),
                editable=False,
                help_text="The report's licence tiers, read by the facet counts (PostgreSQL), "
                "kept current by reports.search.",
                null=True,
                size=None,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="The search document without its sections (weights A to C), small "
                "enough to stay in the row: relevance is ranked on it (PostgreSQL), kept "
                "current by reports.search.",
                null=True,
            ),
        ),
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
