"""A real Celery worker, Redis, a real SMTP server (aiosmtpd) and an HTTP visitor, shared
by the tests whose subject is the queue (tests/enquiries, tests/orders, tests/browser).

The fixtures are imported by those packages' ``conftest.py``; the plain helpers
(``Worker``, ``worker_env``, ``start_smtp`` …) let a conftest build longer-lived variants,
such as the browser journeys' one worker per module.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from portal.celery import app as celery_app

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    condition: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def wait_for(self, count: int, timeout: float) -> list[EmailMessage]:
        """The messages once at least ``count`` arrived, or whatever came within ``timeout``."""
        with self.condition:
            self.condition.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
            return list(self.messages)

    def clear(self) -> None:
        with self.condition:
            self.messages.clear()


REFUSED_DOMAIN = "@refused.example"


@contextlib.contextmanager
def start_smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a free local port while the block runs; it refuses every
    recipient at ``REFUSED_DOMAIN`` with a permanent 550, as a mailbox that does not exist."""
    from aiosmtpd.controller import Controller

    server = SmtpServer(host="127.0.0.1", port=free_port())

    class Handler:
        async def handle_RCPT(self, _server, _session, envelope, address, _options):
            if address.endswith(REFUSED_DOMAIN):
                return "550 5.1.1 No such mailbox"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, _server, _session, envelope):
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            with server.condition:
                server.messages.append(message)
                server.condition.notify_all()
            return "250 OK"

    controller = Controller(Handler(), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port; ``messages`` are the parsed mails received."""
    with start_smtp() as server:
        yield server


def redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


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


def wait_until(predicate, *, timeout: float, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; return that, or the last falsy
    value after ``timeout`` seconds (the caller's assertion then says what was missing)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


class Worker:
    def __init__(self, *, env: dict, log_path: Path, concurrency: int):
        self.log_path = log_path
        self.log = open(log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                CELERY_BIN,
                "-A",
                "portal",
                "worker",
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
    """The test broker URL; skips unless the tests run on PostgreSQL and Redis answers."""
    url = os.environ.get("TEST_CELERY_BROKER_URL", django_settings.CELERY_BROKER_URL)
    if connection.vendor != "postgresql":
        pytest.skip("worker tests need PostgreSQL: the worker process shares the test database")
    if not redis_available(url):
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


class OwnRedis:
    """A Redis server of our own on a free port, with an append-only file fsynced on every
    write (as a broker that keeps its queues across a restart), so a test can stop, start
    and restart it without touching the shared one. Stopped by its own PID."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--dir",
            str(directory),
        ]
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert wait_until(lambda: redis_available(self.url), timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def own_redis(tmp_path, broker_url):
    """An ``OwnRedis`` for this test (skips where the worker tests skip)."""
    server = OwnRedis(tmp_path)
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
