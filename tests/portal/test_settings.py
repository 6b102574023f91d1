"""Settings as the two README commands and production read them from the environment."""

import json
import os
import subprocess
import sys

from django.conf import settings


def python_output(code: str, env: dict, *, without: set[str]) -> str:
    """What ``code`` prints in a fresh interpreter in the project, with this process's
    environment less the variables in ``without``, plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in without}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def settings_in_subprocess(env: dict, *names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    output = python_output(
        code,
        {"DJANGO_SETTINGS_MODULE": "portal.settings.base", **env},
        without={"EMAIL_URL", "DATABASE_URL"},
    )
    return json.loads(output.strip().splitlines()[-1])


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


def test_a_production_env_file_beside_the_checkout_is_not_read_unless_asked():
    """bin/demo and bin/test must not switch to a deployment's database by surprise."""
    env_file = settings.BASE_DIR / ".env"
    if env_file.exists():
        import pytest

        pytest.skip("this checkout has its own .env")
    env_file.write_text("DATABASE_URL=postgres://portal:secret@db.internal:5432/portal\n")
    try:
        summary = "from portal.runtime import runtime_summary; print(runtime_summary())"
        code = f"import django; django.setup(); {summary}"
        ignored, read = (
            python_output(
                code,
                {"DJANGO_SETTINGS_MODULE": "portal.settings.dev", **extra},
                without={"DATABASE_URL"},
            )
            for extra in ({}, {"DJANGO_READ_DOT_ENV_FILE": "1"})
        )
    finally:
        env_file.unlink()

    assert "database SQLite" in ignored
    assert ".env present but not read (DJANGO_READ_DOT_ENV_FILE unset)" in ignored
    assert "database postgresql portal on db.internal:5432" in read
    assert "secret" not in read


def test_celery_wsgi_and_asgi_all_default_to_the_production_settings():
    code = "import os, portal.celery; print(os.environ['DJANGO_SETTINGS_MODULE'])"
    output = python_output(code, {}, without={"DJANGO_SETTINGS_MODULE"})
    sources = {
        name: (settings.BASE_DIR / "portal" / f"{name}.py").read_text()
        for name in ("wsgi", "asgi", "celery")
    }

    assert output.strip() == "portal.settings.production"
    for name, source in sources.items():
        assert 'setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")' in source, name
