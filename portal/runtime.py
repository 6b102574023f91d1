"""One line saying what this process runs with: the settings module, the database, where
tasks go, the cache and where e-mails end up. ``bin/demo`` prints it before serving and the
test run in its header, so nobody mistakes a production ``.env`` or an exported
``DATABASE_URL`` for the embedded defaults. Passwords never appear."""

import os

from django.conf import settings
from django.db import connections


def runtime_summary() -> str:
    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        database_text = f"SQLite {database['NAME']}"
    else:
        host = database.get("HOST") or "local socket"
        port = f":{database['PORT']}" if database.get("PORT") else ""
        database_text = f"{connections['default'].vendor} {database['NAME']} on {host}{port}"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        tasks_text = "in-process"
    else:
        tasks_text = f"queued to {_without_password(settings.CELERY_BROKER_URL)}"
    cache = settings.CACHES["default"]
    cache_text = cache["BACKEND"].rsplit(".", 1)[-1]
    if cache.get("LOCATION") and "locmem" not in cache["BACKEND"].lower():
        locations = cache["LOCATION"]
        locations = [locations] if isinstance(locations, str) else locations
        cache_text += " " + ", ".join(_without_password(url) for url in locations)
    email_text = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if email_text == "filebased":
        email_text = f"files in {settings.EMAIL_FILE_PATH}"
    elif email_text == "smtp":
        email_text = f"SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    parts = [
        f"settings {os.environ.get('DJANGO_SETTINGS_MODULE', '?')}",
        f"database {database_text}",
        f"tasks {tasks_text}",
        f"cache {cache_text}",
        f"e-mail {email_text}",
    ]
    if settings.DOT_ENV_FILE_PRESENT and not settings.DOT_ENV_FILE_READ:
        parts.append(".env present but not read (DJANGO_READ_DOT_ENV_FILE unset)")
    elif settings.DOT_ENV_FILE_READ:
        parts.append(".env read")
    return "; ".join(parts)


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
