"""The names and listing generations (reports.search.index): cached report pages are keyed
on the first and their related reports on the second, instead of on the generation every
edit advances. PostgreSQL only."""

from django.db import migrations

SEQUENCES = ["reports_names_generation", "reports_listing_generation"]


def _run(template):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sequence in SEQUENCES:
                schema_editor.execute(template.format(sequence))

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_search_documents")]

    operations = [
        migrations.RunPython(
            _run("CREATE SEQUENCE IF NOT EXISTS {}"), _run("DROP SEQUENCE IF EXISTS {}")
        )
    ]
