"""Structured logs: one JSON line per request carrying the request id the response
returns, and the same id on the log lines of the tasks that request queued."""

import io
import json
import logging
import re
import uuid

import pytest
from celery import shared_task
from django.conf import settings
from django_guid import clear_guid, get_guid, set_guid
from pythonjsonlogger.json import JsonFormatter

from portal.celery import app as celery_app
from portal.observability import RequestIdFilter
from tests.portal.conftest import log_lines
from tests.support.worker import current_broker, restore_broker, use_broker, wait_until

task_logger = logging.getLogger("tests.portal.task")


@shared_task
def log_in_task() -> None:
    task_logger.info("inside the task")


@pytest.fixture
def json_log():
    """The JSON lines the configured formatter writes, captured from the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    options = settings.LOGGING["formatters"]["json"]
    handler.setFormatter(JsonFormatter(options["format"], rename_fields=options["rename_fields"]))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    clear_guid()

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line]

    yield lines
    root.removeHandler(handler)
    root.setLevel(previous)
    clear_guid()


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "portal.access"]


@pytest.mark.django_db
def test_a_request_logs_one_json_line_with_the_id_it_returns(client, json_log):
    given = str(uuid.uuid4())

    response = client.get("/privacy/", HTTP_X_REQUEST_ID=given)

    assert response.status_code == 200
    assert response["X-Request-ID"] == given
    [line] = access_lines(json_log())
    assert line["request_id"] == given
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/privacy/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert "time" in line


@pytest.mark.django_db
@pytest.mark.parametrize("header", [None, "not-a-uuid", '"><script>alert(1)</script>'])
def test_a_missing_or_invalid_request_id_is_replaced_by_a_new_one(client, json_log, header):
    extra = {} if header is None else {"HTTP_X_REQUEST_ID": header}

    response = client.get("/privacy/", **extra)

    generated = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    [line] = access_lines(json_log())
    assert line["request_id"] == generated


def test_a_task_run_in_process_logs_with_the_id_of_its_request(json_log):
    set_guid("5b1c1d1e2f3a4b5c6d7e8f9a0b1c2d3e")

    log_in_task.delay()

    [line] = [line for line in json_log() if line["message"] == "inside the task"]
    assert line["request_id"] == "5b1c1d1e2f3a4b5c6d7e8f9a0b1c2d3e"
    assert line["task_name"] == "tests.portal.test_logging.log_in_task"
    assert get_guid() == "5b1c1d1e2f3a4b5c6d7e8f9a0b1c2d3e", "the request keeps its id"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_run_by_a_worker_logs_with_the_id_of_its_request(redis_server, start_portal_worker):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")
    worker = start_portal_worker(LOG_LEVEL="INFO")
    previous = current_broker()
    use_broker(redis_server.url)
    try:
        set_guid("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        celery_app.send_task("enquiries.tasks.sweep_pending")
    finally:
        clear_guid()
        restore_broker(previous)

    def task_lines() -> list[dict]:
        return [
            line
            for line in log_lines(worker.log_path)
            if "enquiries.tasks.sweep_pending" in line.get("message", "")
            and "succeeded" in line.get("message", "")
        ]

    lines = wait_until(task_lines, timeout=30)
    assert lines, worker.output()
    assert lines[0]["request_id"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert lines[0]["task_name"] == "enquiries.tasks.sweep_pending"


SENTRY_PROBE = """
import django, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
print(client.is_active(), sorted(client.integrations), client.options["send_default_pii"])
"""


@pytest.mark.parametrize("dsn", ["", "http://public@127.0.0.1:9/1"])
def test_sentry_starts_only_when_a_dsn_is_set(dsn):
    """Checked in a fresh process: Sentry's integrations patch Django for good. The DSN
    points at a closed local port and nothing is reported, so nothing is sent."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "1",
        "SENTRY_DSN": dsn,
    }
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )

    assert result.returncode == 0, result.stderr
    active, _, rest = result.stdout.strip().splitlines()[-1].partition(" ")
    if dsn:
        assert active == "True"
        assert "'celery'" in rest and "'django'" in rest
        assert rest.endswith("False"), "personal data is never sent"
    else:
        assert active == "False"
