"""Shared by the role migrations (the loader skips modules whose name starts with "_")."""

from django.contrib.auth.management import create_permissions


def grant(apps, roles: dict[str, set[tuple[str, str]]]) -> None:
    """Add to each group named in ``roles`` (created when missing) its (app label,
    codename) permissions. Permissions are created first: on a new database Django makes
    them only after every migration has run."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        found = [
            permission
            for permission in Permission.objects.filter(
                content_type__app_label__in={app for app, _ in wanted},
                codename__in={codename for _, codename in wanted},
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.add(*found)
