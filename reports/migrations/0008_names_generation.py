"""The names and listing generations (reports.search.index): cached report pages are keyed
on the first and their related reports on the second, instead of on the generation every
edit advances. PostgreSQL only."""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

SEQUENCES = ["reports_names_generation", "reports_listing_generation"]


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_search_documents")]

    operations = [
        migrations.RunPython(
            postgresql_statements([f"CREATE SEQUENCE IF NOT EXISTS {s}" for s in SEQUENCES]),
            postgresql_statements([f"DROP SEQUENCE IF EXISTS {s}" for s in SEQUENCES]),
        )
    ]
