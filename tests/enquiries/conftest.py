"""Fixtures for the enquiries tests: a fully populated report, private sample storage in a
temporary folder, a clean rate-limit cache, and a real SMTP server (aiosmtpd)."""

import socket
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.core.cache import cache

from reports.models import FigureKind, LicenceTier
from tests.factories import (
    CompanyFactory,
    DimensionFactory,
    LicenceFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
    TocEntryFactory,
)

MARKET_SERIES = {2019: "1.6", 2023: "2.3", 2024: "2.5", 2027: "3.3", 2031: "4.9"}
EXPECTED_CAGR = "10.1%"


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


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sample_report(db):
    """A published report with everything a sample shows; its CAGR 2024–2031 is 10.1%."""
    report = ReportFactory(
        code=1541508,
        title="Medical Second Opinion Market",
        slug="medical-second-opinion",
        summary="The medical second opinion market by type, application and region.",
    )
    for year, value in MARKET_SERIES.items():
        kind = FigureKind.HISTORIC if year < 2024 else FigureKind.FORECAST
        MarketFigureFactory(report=report, year=year, value=Decimal(value), kind=kind)
    SectionFactory(
        report=report,
        heading="Market overview and trends",
        body="<p>A medical second opinion is a consultation with another provider.</p>",
    )
    SectionFactory(report=report, heading="Drivers", body="<p>Rising chronic disease.</p>")
    SectionFactory(report=report, heading="Opportunities", body="<p>Telehealth.</p>")
    SectionFactory(report=report, heading="Competitive landscape", body="<p>Crowded.</p>")
    for title in ["Introduction", "Market dynamics", "Competitive landscape"]:
        TocEntryFactory(report=report, title=title)
    for name, slug in [
        ("Cleveland Clinic", "cleveland-clinic"),
        ("Best Doctors Inc", "best-doctors"),
    ]:
        ReportCompanyFactory(report=report, company=CompanyFactory(name=name, slug=slug))
    hospitals = SegmentFactory(
        dimension=DimensionFactory(slug="type"), name="Hospitals", slug="hospitals"
    )
    ReportSegmentFactory(report=report, segment=hospitals, share_percent=Decimal("55"))
    north_america = SegmentFactory(
        dimension=DimensionFactory(slug="region"), name="North America", slug="north-america"
    )
    ReportSegmentFactory(report=report, segment=north_america, share_percent=Decimal("40"))
    LicenceFactory(report=report, tier=LicenceTier.SINGLE, price=Decimal("3500"))
    LicenceFactory(report=report, tier=LicenceTier.ENTERPRISE, price=Decimal("7000"), seats=0)
    return report


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


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port; ``messages`` are the parsed mails received."""
    from aiosmtpd.controller import Controller

    server = SmtpServer(host="127.0.0.1", port=free_port())

    class Handler:
        async def handle_DATA(self, _server, _session, envelope):
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            with server.condition:
                server.messages.append(message)
                server.condition.notify_all()
            return "250 OK"

    controller = Controller(Handler(), hostname=server.host, port=server.port)
    controller.start()
    yield server
    controller.stop()


# --- A real Celery worker, for the tests whose subject is the queue. -----------------------

import http.cookiejar  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings as django_settings  # noqa: E402
from django.db import connection  # noqa: E402

from portal.celery import app as celery_app  # noqa: E402

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY_BIN = str(Path(sys.executable).with_name("celery"))


def redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def use_broker(url: str) -> None:
    """Point the test process's Celery app at ``url`` and publish for real (not eager)."""
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


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


@pytest.fixture
def broker_url():
    url = os.environ.get("TEST_CELERY_BROKER_URL", django_settings.CELERY_BROKER_URL)
    if connection.vendor != "postgresql":
        pytest.skip("worker tests need PostgreSQL: the worker process shares the test database")
    if not redis_available(url):
        pytest.skip(f"worker tests need Redis at {url}")
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def start_worker(broker_url, smtp_server, live_server, _samples_storage, tmp_path, settings):
    """Start real ``celery -A portal worker`` processes on the test database (committed
    data only: the tests use ``transaction=True``), ``broker_url``, the SMTP server and the
    live server as SITE_URL. All are killed at teardown, and eager mode restored."""
    settings.SITE_URL = live_server.url
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    use_broker(broker_url)
    workers: list[Worker] = []
    db = connection.settings_dict
    database_url = "postgres://{user}:{password}@{host}:{port}/{name}".format(
        user=urllib.parse.quote(db["USER"] or ""),
        password=urllib.parse.quote(db["PASSWORD"] or ""),
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        name=db["NAME"],
    )

    def start(*, broker: str | None = None, concurrency: int = 2, **overrides) -> Worker:
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
                "DATABASE_URL": database_url,
                "CONN_MAX_AGE": "0",
                "CELERY_BROKER_URL": broker or broker_url,
                "EMAIL_URL": smtp_server.url,
                "SAMPLES_STORAGE_ROOT": str(_samples_storage),
                "SITE_URL": live_server.url,
                "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
                "LOG_LEVEL": "WARNING",
            }
        )
        env.update({key: str(value) for key, value in overrides.items()})
        worker = Worker(
            env=env, log_path=tmp_path / f"worker-{len(workers)}.log", concurrency=concurrency
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


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
