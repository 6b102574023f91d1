"""Fixtures for the operations tests: a Redis server of the test's own (so it can be killed
and restarted without touching anyone else's), and a real Celery worker on it."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.support.services import RedisServer
from tests.support.worker import Worker, worker_database_url


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def start_portal_worker(redis_server, tmp_path):
    """Start ``celery -A portal worker`` on ``redis_server`` (and on the test database when
    it is PostgreSQL), with beat embedded when asked (``beat=True``); stopped at teardown."""
    workers: list[Worker] = []

    def start(*, beat: bool = False, **overrides) -> Worker:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL", "METRICS_REDIS_URL"}
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "portal.settings.base",
                "DEBUG": "0",
                "SECRET_KEY": django_settings.SECRET_KEY,
                "ALLOWED_HOSTS": "localhost,127.0.0.1",
                "CONN_MAX_AGE": "0",
                "CELERY_BROKER_URL": redis_server.url,
                "LOG_LEVEL": "WARNING",
                "LOG_FORMAT": "json",
                "HEALTH_WORKER_HEARTBEAT_INTERVAL": "1",
            }
        )
        if connection.vendor == "postgresql":
            env["DATABASE_URL"] = worker_database_url()
        env.update({key: str(value) for key, value in overrides.items()})
        worker = Worker(
            env=env, log_path=tmp_path / f"worker-{len(workers)}.log", concurrency=1, beat=beat
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def log_lines(path: Path) -> list[dict]:
    """The JSON lines of a log file (other lines, such as Celery's banner, skipped)."""
    import json

    lines = []
    for raw in path.read_text(errors="replace").splitlines():
        raw = raw.strip()
        if raw.startswith("{"):
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
    return lines
