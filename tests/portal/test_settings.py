"""Settings as the two README commands and production read them from the environment."""

import json
import os
import subprocess
import sys

from django.conf import settings


def settings_in_subprocess(env: dict, *names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings.base", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_e_mails_are_files_in_the_project_var_folder():
    values = settings_in_subprocess({"DEBUG": "1"}, "EMAIL_BACKEND", "EMAIL_FILE_PATH")
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(settings.BASE_DIR / "var" / "sent-mail"),
    }


def test_an_absolute_filemail_url_stays_absolute(tmp_path):
    values = settings_in_subprocess(
        {"DEBUG": "1", "EMAIL_URL": f"filemail://{tmp_path}"}, "EMAIL_FILE_PATH"
    )
    assert values == {"EMAIL_FILE_PATH": str(tmp_path)}
