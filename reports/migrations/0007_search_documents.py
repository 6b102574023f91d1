"""The search document moves to a narrow table of its own, ``reports_searchdoc``
(``reports.models.SearchDocument``): the text vector, the facet arrays, and copies of the
report's status, category, publication date and lowest price. A search counts its facets
over every match, and in the reports table each match cost a heap page of its own.

The copies are kept by triggers on the reports table, so every write path (the ORM, a
queryset ``update``, raw SQL, the bulk generator) keeps them current. The vector is stored
out of line and the facet arrays inline and uncompressed, so a row stays under 200 bytes.
PostgreSQL only: on SQLite the table exists but stays empty (its search reads the reports
table)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from reports.migrations._postgresql import postgresql_statements

import reports.models

SYNC_FUNCTION = """
CREATE OR REPLACE FUNCTION reports_searchdoc_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reports_searchdoc AS d (report_id, is_published, category_id, published_at, price_from)
  VALUES (NEW.id, NEW.status = 'published', NEW.category_id, NEW.published_at, NEW.price_from)
  ON CONFLICT (report_id) DO UPDATE SET
    is_published = EXCLUDED.is_published,
    category_id = EXCLUDED.category_id,
    published_at = EXCLUDED.published_at,
    price_from = EXCLUDED.price_from
  WHERE (d.is_published, d.category_id, d.published_at, d.price_from) IS DISTINCT FROM
        (EXCLUDED.is_published, EXCLUDED.category_id, EXCLUDED.published_at, EXCLUDED.price_from);
  RETURN NULL;
END
$$
"""

FORWARD = [
    # In the database, not in Django's collector: a report's deletion deletes its sections
    # first, and their signals rebuild (re-insert) its document before the report goes.
    "ALTER TABLE reports_searchdoc ADD CONSTRAINT reports_searchdoc_report_fk "
    "FOREIGN KEY (report_id) REFERENCES reports_report (id) ON DELETE CASCADE "
    "DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE reports_searchdoc SET (toast_tuple_target = 128)",
    "ALTER TABLE reports_searchdoc ALTER search_vector SET STORAGE EXTERNAL, "
    "ALTER facet_segments SET STORAGE PLAIN, ALTER facet_tiers SET STORAGE PLAIN",
    SYNC_FUNCTION,
    "CREATE TRIGGER reports_searchdoc_insert AFTER INSERT ON reports_report "
    "FOR EACH ROW EXECUTE FUNCTION reports_searchdoc_sync()",
    "CREATE TRIGGER reports_searchdoc_update "
    "AFTER UPDATE OF status, category_id, published_at, price_from ON reports_report "
    "FOR EACH ROW WHEN ((OLD.status, OLD.category_id, OLD.published_at, OLD.price_from) "
    "IS DISTINCT FROM (NEW.status, NEW.category_id, NEW.published_at, NEW.price_from)) "
    "EXECUTE FUNCTION reports_searchdoc_sync()",
    "INSERT INTO reports_searchdoc (report_id, is_published, category_id, published_at, "
    "price_from, facet_segments, facet_tiers, search_vector) "
    "SELECT id, status = 'published', category_id, published_at, price_from, facet_segments, "
    "facet_tiers, search_vector FROM reports_report ORDER BY id",
    "CREATE INDEX IF NOT EXISTS reports_searchdoc_vector_gin "
    "ON reports_searchdoc USING gin (search_vector) WHERE is_published",
    "CREATE INDEX IF NOT EXISTS reports_searchdoc_segments_gin "
    "ON reports_searchdoc USING gin (facet_segments) WHERE is_published",
    "CREATE INDEX IF NOT EXISTS reports_searchdoc_category "
    "ON reports_searchdoc (category_id, report_id) WHERE is_published",
    "CREATE INDEX IF NOT EXISTS reports_searchdoc_newest "
    "ON reports_searchdoc (published_at DESC, report_id DESC) WHERE is_published",
    "CREATE INDEX IF NOT EXISTS reports_searchdoc_price "
    "ON reports_searchdoc (price_from, report_id) WHERE is_published",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS reports_searchdoc_update ON reports_report",
    "DROP TRIGGER IF EXISTS reports_searchdoc_insert ON reports_report",
    "DROP FUNCTION IF EXISTS reports_searchdoc_sync()",
]
RELATED_INDEX = [
    # 0006 made it carry the facet columns for counting; the counts read the documents
    # now, and it keeps the key the related-reports lookups use.
    "DROP INDEX IF EXISTS reports_report_pub_category",
    "CREATE INDEX reports_report_pub_category "
    "ON reports_report (category_id, id) WHERE status = 'published'",
]


def build_missing_documents(apps, schema_editor):
    """Documents of reports whose columns were never filled (a database that came through
    0005 with reports in it). After migrating back past here, rebuild the index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    from reports.search.index import report_search_index_update

    SearchDocument = apps.get_model("reports", "SearchDocument")
    missing = SearchDocument.objects.filter(search_vector__isnull=True).values_list(
        "report_id", flat=True
    )
    report_search_index_update(report_ids=list(missing))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_listing_covering_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "report",
                    models.OneToOneField(
                        db_constraint=False,
                        help_text="Its foreign key cascades in the database (migration "
                        "0007): deleting a report deletes its sections first, whose signals "
                        "rebuild the document again.",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="reports.report",
                    ),
                ),
                ("is_published", models.BooleanField(default=False)),
                ("published_at", models.DateTimeField(null=True)),
                ("price_from", models.DecimalField(decimal_places=2, max_digits=10, null=True)),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(
                        help_text="Weighted full-text document: title (A); headline, "
                        "categories, key players and segments (B); summary (C); sections (D).",
                        null=True,
                    ),
                ),
                (
                    "facet_segments",
                    reports.models.PostgresArrayField(
                        base_field=models.IntegerField(),
                        help_text="Ids of the report's segments.",
                        null=True,
                        size=None,
                    ),
                ),
                (
                    "facet_tiers",
                    reports.models.PostgresArrayField(
                        base_field=models.TextField(),
                        help_text="The report's licence tiers.",
                        null=True,
                        size=None,
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reports.category",
                    ),
                ),
            ],
            options={"db_table": "reports_searchdoc"},
        ),
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD)),
        migrations.RemoveField(model_name="report", name="facet_segments"),
        migrations.RemoveField(model_name="report", name="facet_tiers"),
        migrations.RemoveField(model_name="report", name="search_vector"),
        migrations.RunPython(postgresql_statements(RELATED_INDEX), migrations.RunPython.noop),
        migrations.RunPython(build_missing_documents, migrations.RunPython.noop),
    ]
