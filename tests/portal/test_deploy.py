"""The production settings pass Django's deployment checks (``check --deploy``), as CI runs
them; each check runs in its own process, since settings are read once per process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DEPLOY_CHECK = """
import io
import django
from django.core.management import call_command
from django.core.management.base import SystemCheckError

django.setup()
out, err = io.StringIO(), io.StringIO()
try:
    call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=err)
except SystemCheckError as error:
    print("FAILED")
    print(error)
else:
    print("PASSED")
    print(out.getvalue(), err.getvalue())
"""


def start_production(code: str, **env) -> subprocess.CompletedProcess:
    """``code`` run under ``portal.settings.production`` with a fresh secret key, a Redis
    cache and ``env`` (a value of None removes that variable), the environment's own
    security and cache settings left out."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "CSRF_", "SESSION_", "CACHE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.com",
        SITE_URL="https://example.com",
        CACHE_URL="redis://127.0.0.1:6379/13",
    )
    environment.update(env)
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_production(code: str, **env) -> str:
    """What ``code`` prints under the production settings (see ``start_production``)."""
    result = start_production(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def deploy_check(**env) -> str:
    """The check's output, its first line PASSED or FAILED."""
    return run_production(DEPLOY_CHECK, **env)


def test_production_settings_pass_the_deploy_check_without_warnings():
    output = deploy_check()

    assert output.splitlines()[0] == "PASSED", output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output


def test_the_deploy_check_catches_a_weakened_production_setting():
    output = deploy_check(SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")

    assert output.splitlines()[0] == "FAILED", output
    assert "security.W004" in output
    assert "security.W008" in output


def test_production_trusts_its_own_https_origin_for_csrf():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CSRF_TRUSTED_ORIGINS, settings.SECURE_HSTS_SECONDS, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT, "
        "settings.SECURE_PROXY_SSL_HEADER)"
    )
    output = run_production(
        probe, ALLOWED_HOSTS="reports.example.com", SITE_URL="https://reports.example.com"
    )

    assert output.strip() == (
        "['https://reports.example.com'] 31536000 True True True "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_production_refuses_to_start_without_a_shared_cache():
    result = start_production("import portal.wsgi", CACHE_URL=None)

    assert result.returncode != 0
    assert "CACHE_URL must name a cache shared by every web process" in result.stderr


MANAGE = "import sys; from django.core.management import execute_from_command_line; "


def test_without_a_shared_cache_the_build_runs_and_the_check_refuses():
    """The Docker image runs collectstatic with no cache configured; migrate and check,
    which a deployment runs before serving, report the missing cache."""
    build = start_production(
        MANAGE + "execute_from_command_line(['m', 'help', 'collectstatic'])", CACHE_URL=None
    )
    check = start_production(MANAGE + "execute_from_command_line(['m', 'check'])", CACHE_URL=None)

    assert build.returncode == 0, build.stderr
    assert check.returncode != 0
    assert "portal.E001" in check.stderr


def test_the_production_cache_treats_an_unreachable_redis_as_a_miss():
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], "
        "settings.CACHES['default']['OPTIONS']['IGNORE_EXCEPTIONS'])"
    )

    assert run_production(probe).split() == ["django_redis.cache.RedisCache", "True"]
