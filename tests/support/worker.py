"""A real Celery worker, Redis, a real SMTP server (aiosmtpd) and an HTTP visitor, shared
by the tests whose subject is the queue (tests/enquiries, tests/orders, tests/browser).

The fixtures are imported by those packages' ``conftest.py``; the plain helpers
(``Worker``, ``worker_env``, ``start_smtp`` …) let a conftest build longer-lived variants,
such as the browser journeys' one worker per module.
"""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from portal.celery import app as celery_app
from tests.support.render_gate import GATE_VARIABLE
from tests.support.services import (  # noqa: F401 (re-exported for the test packages)
    REFUSED_DOMAIN,
    RedisServer,
    SmtpServer,
    free_port,
    redis_available,
    start_smtp,
    wait_until,
)

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY_BIN = str(Path(sys.executable).with_name("celery"))


@pytest.fixture(autouse=True)
def _samples_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "samples": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "samples"), "base_url": None},
        },
    }
    return tmp_path / "samples"


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port; ``messages`` are the parsed mails received."""
    with start_smtp() as server:
        yield server


def set_celery_option(name: str, value) -> None:
    """Change the Celery app's option ``name`` (e.g. ``task_always_eager``) in this process.

    The app reads Django's settings with the ``CELERY_`` namespace, and Celery 5.6 answers
    from the namespaced key (``CELERY_TASK_ALWAYS_EAGER``) before a change made under the
    plain name, so the change is made under the namespaced one."""
    celery_app.conf[f"CELERY_{name.upper()}"] = value


def use_broker(url: str) -> None:
    """Point the test process's Celery app at ``url`` and publish for real (not eager)."""
    set_celery_option("broker_url", url)
    set_celery_option("task_always_eager", False)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def restore_broker(previous: tuple[str, bool]) -> None:
    """Undo ``use_broker``: ``previous`` is the (broker_url, task_always_eager) it replaced."""
    set_celery_option("broker_url", previous[0])
    set_celery_option("task_always_eager", previous[1])
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def current_broker() -> tuple[str, bool]:
    return celery_app.conf.broker_url, celery_app.conf.task_always_eager


class Worker:
    def __init__(self, *, env: dict, log_path: Path, concurrency: int, beat: bool = False):
        """``beat`` embeds Celery beat in the worker (``--beat``), its schedule file
        beside ``log_path``."""
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115
        include = []
        if env.get(GATE_VARIABLE):
            include = ["--include", "tests.support.render_gate"]
            env = {**env, "PYTHONPATH": str(BASE_DIR)}
        self.process = subprocess.Popen(
            [
                CELERY_BIN,
                "-A",
                "portal",
                "worker",
                *include,
                "--queues",
                "default,pdf",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--hostname",
                f"enq-test-{os.getpid()}-{time.monotonic_ns()}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                *(["--beat", "--schedule", str(log_path.with_suffix(".beat"))] if beat else []),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        ready = wait_until(
            lambda: b"ready." in self.log_path.read_bytes() or self.exited, timeout=60
        )
        if not ready or self.exited:
            raise RuntimeError(f"Celery worker did not start:\n{self.output()}")

    @property
    def exited(self) -> bool:
        return self.process.poll() is not None

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_children(self) -> list[int]:
        """SIGKILL the pool processes (where tasks run); the main process survives."""
        pids = self.children()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return pids

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool, nothing acknowledged."""
        if not self.exited:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.exited:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def worker_database_url() -> str:
    """The URL of the database the tests run on, for a worker process to share it."""
    db = connection.settings_dict
    return "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=urllib.parse.quote(db["USER"] or ""),
        password=urllib.parse.quote(db["PASSWORD"] or ""),
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        name=db["NAME"],
    )


def worker_env(
    *, broker: str, smtp_url: str, samples_root: Path, site_url: str, **overrides
) -> dict[str, str]:
    """The environment of a worker process: this process's, minus the broker, cache and
    e-mail settings it might carry, plus the test database, ``broker``, the SMTP server
    and ``site_url``; ``overrides`` are further settings (e.g. ORDERS_STORAGE_ROOT)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "CACHE_URL", "EMAIL_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": django_settings.SECRET_KEY,
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "DATABASE_URL": worker_database_url(),
            "CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": broker,
            "EMAIL_URL": smtp_url,
            "SAMPLES_STORAGE_ROOT": str(samples_root),
            "SITE_URL": site_url,
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def worker_broker_or_skip() -> str:
    """The test broker URL; skips unless the tests run on PostgreSQL and Redis answers.

    Under CI (``CI=true``) a Redis that does not answer fails the test instead: there it is
    a broken environment, and skipping would let the worker and browser tests vanish while
    the run stays green."""
    url = os.environ.get("TEST_CELERY_BROKER_URL", django_settings.CELERY_BROKER_URL)
    if connection.vendor != "postgresql":
        pytest.skip("worker tests need PostgreSQL: the worker process shares the test database")
    if not redis_available(url):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"Redis at {url} does not answer: CI must run Redis for the worker tests.")
        pytest.skip(f"worker tests need Redis at {url}")
    return url


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def broker_url():
    url = worker_broker_or_skip()
    flush_redis(url)
    yield url
    flush_redis(url)


@pytest.fixture
def start_worker(broker_url, smtp_server, live_server, _samples_storage, tmp_path, settings):
    """Start real ``celery -A portal worker`` processes on the test database (committed
    data only: the tests use ``transaction=True``), ``broker_url``, the SMTP server and the
    live server as SITE_URL. All are killed at teardown, and eager mode restored."""
    settings.SITE_URL = live_server.url
    previous = current_broker()
    use_broker(broker_url)
    workers: list[Worker] = []

    def start(*, broker: str | None = None, concurrency: int = 2, **overrides) -> Worker:
        env = worker_env(
            broker=broker or broker_url,
            smtp_url=smtp_server.url,
            samples_root=_samples_storage,
            site_url=live_server.url,
            **overrides,
        )
        worker = Worker(
            env=env, log_path=tmp_path / f"worker-{len(workers)}.log", concurrency=concurrency
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    restore_broker(previous)


@pytest.fixture
def own_redis(tmp_path, broker_url):
    """A ``RedisServer`` for this test that keeps its queues across a restart (skips where
    the worker tests skip)."""
    server = RedisServer(directory=tmp_path)
    server.start()
    yield server
    server.stop()


class Browser:
    """A visitor over real HTTP: cookies, the CSRF token, redirects."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes, dict]:
        try:
            with self.opener.open(self._url(path), timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def post_form(self, path: str, data: dict) -> tuple[int, str]:
        _status, page, _headers = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.decode()}).encode()
        request = urllib.request.Request(
            self._url(path), data=body, headers={"Referer": self._url(path)}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"


@pytest.fixture
def visitor(live_server):
    return Browser(live_server.url)
