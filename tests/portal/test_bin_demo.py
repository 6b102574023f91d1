"""The README's first command, ``bin/demo``, run as a new user runs it: on a fresh SQLite
file, with ``PORT`` moving it. It says what it runs with, the admin address it prints
names the port it serves on, and the seed report is there."""

import os
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.support.worker import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(tmp_path):
    port = free_port()
    log = tmp_path / "demo.log"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "EMAIL_", "SITE_"))
        and key not in {"REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        EMAIL_URL=f"filemail://{tmp_path / 'mail'}",
    )
    process = subprocess.Popen(
        ["bin/demo"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield port, log, process
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_bin_demo_serves_the_seed_report_on_the_port_it_prints(demo):
    port, log, process = demo

    def serving():
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/medical-second-opinion-r1541508", timeout=10
            ) as response:
                return response.status
        except OSError:
            return None

    status = wait_until(lambda: process.poll() is not None or serving(), timeout=240, interval=1)
    output = log.read_text()

    assert status == 200, output
    assert "Running with: settings portal.settings.dev; database SQLite" in output
    assert f"Admin login: http://127.0.0.1:{port}/admin/" in output
    assert (
        f"Buyer sign-in: http://127.0.0.1:{port}/account/auth/login/code/  "
        "e-mail: jane.doe@acme-industries.example"
    ) in output
    assert "Demo activity: " in output
    assert "Author login: " in output and "Editor login: " in output
    assert f"The dashboard: http://127.0.0.1:{port}/admin/" in output
