"""Editors and publishers review: the ``reports.review_report`` permission (approve a report
or send it back with a comment) joins their groups. Only adds; never takes away."""

from django.db import migrations

from desk.migrations._roles import grant

REVIEWERS = ("Editor", "Publisher")


def add_review_permission(apps, schema_editor):
    grant(apps, {name: {("reports", "review_report")} for name in REVIEWERS})


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0003_review_events"),
        ("reports", "0021_review_state"),
    ]

    operations = [migrations.RunPython(add_review_permission, migrations.RunPython.noop)]
