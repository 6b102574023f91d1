"""The names generation (reports.search.index.NAMES_GENERATION_SEQUENCE): cached report
pages are keyed on it instead of on the generation every edit advances. PostgreSQL only."""

from django.db import migrations


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_search_documents")]

    operations = [
        migrations.RunPython(
            _run("CREATE SEQUENCE IF NOT EXISTS reports_names_generation"),
            _run("DROP SEQUENCE IF EXISTS reports_names_generation"),
        )
    ]
