"""The production stack's files agree with the settings: every service of
docker-compose.yml has a health check, and every variable the settings read (found by
running them with an instrumented ``environ.Env``) is documented in .env.example."""

import re
import runpy
from pathlib import Path

import environ
import pytest
import yaml

pytestmark = pytest.mark.smoke

BASE_DIR = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
ENV_EXAMPLE = (BASE_DIR / ".env.example").read_text()
SERVICES = {"postgres", "redis", "web", "worker", "beat", "mailpit"}
APP_SERVICES = {"web", "worker", "beat"}
SET_BY_COMPOSE = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "EMAIL_URL",
    "MEDIA_ROOT",
}


def documented() -> set[str]:
    """Names in .env.example, set (NAME=...) or shown with their default (# NAME=...)."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE, re.MULTILINE))


def names_read_by_settings(monkeypatch) -> set[str]:
    """Every variable name the base and production settings ask django-environ for, with
    DEBUG off and on and S3 media storage switched on, so conditional branches are read
    too. Base is run from its file (the imported module is cached); production imports it
    and adds its own."""
    seen: set[str] = set()
    original = environ.Env.get_value

    def recording(self, var, *args, **kwargs):
        seen.add(var)
        return original(self, var, *args, **kwargs)

    monkeypatch.setattr(environ.Env, "get_value", recording)
    monkeypatch.setattr(environ.Env, "read_env", classmethod(lambda cls, *a, **k: None))
    monkeypatch.setattr(
        "portal.settings.base.CACHES",
        {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://redis/1"}},
    )
    for debug in ("0", "1"):
        monkeypatch.setenv("DEBUG", debug)
        monkeypatch.setenv("SECRET_KEY", "compose-test-secret-key")
        monkeypatch.setenv("MEDIA_STORAGE", "s3")
        monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "bucket")
        monkeypatch.delenv("SENTRY_DSN", raising=False)
        runpy.run_path(str(BASE_DIR / "portal" / "settings" / "base.py"))
        runpy.run_module("portal.settings.production", run_name="settings_under_test")
    return seen


def test_every_service_exists_with_a_health_check():
    services = COMPOSE["services"]

    assert SERVICES <= set(services)
    for name, service in services.items():
        check = service.get("healthcheck")
        assert check and check.get("test"), f"{name} has no health check"
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_the_stack_runs_production_settings_with_what_they_need():
    services = COMPOSE["services"]
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        missing = SET_BY_COMPOSE - set(environment)
        assert not missing, f"{name} does not set {sorted(missing)}"
        assert {"postgres", "redis"} <= set(services[name]["depends_on"])
    web = " ".join(services["web"]["command"].split())
    assert "migrate --no-input" in web and "collectstatic --no-input" in web
    assert "--workers $${WEB_CONCURRENCY" in services["web"]["command"]
    assert services["web"]["environment"]["PROMETHEUS_MULTIPROC_DIR"]
    worker = " ".join(services["worker"]["command"].split())
    assert "--queues pdf,default" in worker
    assert "--concurrency $${WORKER_CONCURRENCY" in worker
    assert "--max-memory-per-child $${WORKER_MAX_MEMORY_PER_CHILD" in worker
    redis = " ".join(services["redis"]["command"])
    assert "--appendonly yes" in redis and "--maxmemory-policy noeviction" in redis
    for name in APP_SERVICES:
        volumes = services[name]["volumes"]
        assert any(volume.endswith(":/app/var/private") for volume in volumes), name


def test_the_image_runs_as_a_user_with_the_pdf_libraries():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert "libharfbuzz-subset0" in dockerfile
    assert re.search(r"^USER portal$", dockerfile, re.MULTILINE)
    assert "rm -rf /var/lib/apt/lists/*" in dockerfile


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_every_variable_the_settings_read_is_in_env_example(monkeypatch):
    read = names_read_by_settings(monkeypatch)

    assert {"DATABASE_URL", "SECRET_KEY", "LOG_FORMAT", "SECURE_SSL_REDIRECT"} <= read
    assert {"LEAD_RETENTION_DAYS", "AWS_STORAGE_BUCKET_NAME", "METRICS_TOKEN"} <= read
    missing = read - documented()
    assert not missing, f".env.example does not document {sorted(missing)}"


def test_every_variable_compose_substitutes_is_in_env_example():
    text = (BASE_DIR / "docker-compose.yml").read_text()
    substituted = set(re.findall(r"\$\$?\{([A-Z][A-Z0-9_]*)", text))

    assert {"SECRET_KEY", "WEB_CONCURRENCY", "WORKER_CONCURRENCY"} <= substituted
    assert not substituted - documented(), sorted(substituted - documented())
