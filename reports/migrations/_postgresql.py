"""Shared by the search migrations (the loader skips modules whose name starts with "_")."""


def postgresql_statements(statements: list[str]):
    """A ``RunPython`` function that executes ``statements`` in order on PostgreSQL and does
    nothing elsewhere: the search's indexes, triggers and sequences have no SQLite form."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run
