"""The editorial roles as groups: Author, Editor and Publisher.

Groups are data: staff may change what each holds in the admin afterwards, and this
migration only adds what is missing (it never takes a permission away). An author writes
reports, their sections, figures, players, licences and segments; an editor may also
delete reports and keep the category tree; only a publisher may publish (the
``reports.publish_report`` permission, checked by the services whatever the path: the
admin's buttons and bulk actions, the staff API, the catalogue import)."""

from django.db import migrations

from desk.migrations._roles import grant

WRITE = ("view", "add", "change", "delete")
AUTHOR = {
    "reports": {
        "report": ("view", "add", "change"),
        "section": WRITE,
        "tocentry": WRITE,
        "faq": WRITE,
        "marketfigure": WRITE,
        "reportcompany": WRITE,
        "licence": WRITE,
        "relatedreport": WRITE,
        "reportedition": ("view",),
        "company": ("view", "add", "change"),
        "category": ("view",),
    },
    "segments": {
        "reportsegment": WRITE,
        "segment": ("view", "add", "change"),
        "dimension": ("view",),
    },
}
EDITOR_MORE = {
    "reports": {"report": ("delete",), "category": WRITE, "company": ("delete",)},
    "segments": {"segment": ("delete",), "dimension": WRITE},
}
PUBLISHER_MORE = {"reports": {"report": ("publish",)}}

ROLES = {
    "Author": [AUTHOR],
    "Editor": [AUTHOR, EDITOR_MORE],
    "Publisher": [AUTHOR, EDITOR_MORE, PUBLISHER_MORE],
}


def codenames(grants: list[dict]) -> set[tuple[str, str]]:
    return {
        (app, f"{action}_{model}")
        for grant in grants
        for app, models in grant.items()
        for model, actions in models.items()
        for action in actions
    }


def add_roles(apps, schema_editor):
    grant(apps, {name: codenames(grants) for name, grants in ROLES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_initial"),
        ("reports", "0020_publish_permission"),
        ("segments", "0002_names_languages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
