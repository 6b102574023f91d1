"""/healthz and /readyz as a container orchestrator sees them, against a real Redis server
that the tests stop and start again, and a real Celery worker writing its heartbeat."""

import time

import pytest

from portal.health import HEARTBEAT_KEY, write_worker_heartbeat
from tests.support.worker import wait_until

OPERATOR = {"HTTP_AUTHORIZATION": "Bearer operator-token-for-tests"}


@pytest.fixture
def broker(settings, redis_server):
    settings.CELERY_BROKER_URL = redis_server.url
    settings.METRICS_TOKEN = "operator-token-for-tests"
    return redis_server


@pytest.mark.smoke
def test_healthz_answers_on_any_host_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["reports.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="172.18.0.5:8000")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.get("/privacy/", HTTP_HOST="172.18.0.5:8000").status_code == 400


@pytest.mark.django_db
def test_readyz_ok_with_a_live_worker_heartbeat(client, broker):
    write_worker_heartbeat(url=broker.url, name="celery@worker-1")

    response = client.get("/readyz", **OPERATOR)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["redis"] == {"ok": True}
    assert body["checks"]["worker"] == {"ok": True, "workers": ["celery@worker-1"]}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_without_a_broker_reports_not_configured(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["redis"] == {"ok": True, "status": "not configured"}
    assert checks["worker"] == {"ok": True, "status": "not configured"}


@pytest.mark.django_db
def test_readyz_fails_on_a_stale_heartbeat(client, broker):
    write_worker_heartbeat(url=broker.url, name="celery@gone", now=time.time() - 120)

    response = client.get("/readyz", **OPERATOR)

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert "no worker heartbeat within 60 s" in body["checks"]["worker"]["error"]

    public = client.get("/readyz").json()
    assert public["failing"] == ["worker"]
    assert public["checks"]["worker"] == {"ok": False}, "no detail for the public"


@pytest.mark.django_db
def test_readyz_fails_while_redis_is_down_and_recovers(client, broker):
    write_worker_heartbeat(url=broker.url, name="celery@worker-1")
    assert client.get("/readyz").status_code == 200

    broker.stop()
    started = time.monotonic()
    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "redis" in body["failing"]
    assert "database" not in body["failing"]
    assert body["checks"]["redis"]["ok"] is False
    assert time.monotonic() - started < 5

    broker.start()
    write_worker_heartbeat(url=broker.url, name="celery@worker-1")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["failing"] == []


@pytest.mark.worker
@pytest.mark.django_db
def test_a_running_worker_writes_the_heartbeat_readyz_wants(client, broker, start_portal_worker):
    import redis

    worker = start_portal_worker()
    beats = redis.Redis.from_url(broker.url)

    assert wait_until(lambda: beats.zcard(HEARTBEAT_KEY) > 0, timeout=20), worker.output()
    first = beats.zrange(HEARTBEAT_KEY, 0, -1, withscores=True)[0][1]
    assert client.get("/readyz").status_code == 200

    assert wait_until(
        lambda: beats.zrange(HEARTBEAT_KEY, 0, -1, withscores=True)[0][1] > first, timeout=10
    ), "the heartbeat is not renewed"


@pytest.mark.django_db
def test_readyz_does_not_hang_on_a_redis_that_never_answers(client, settings):
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        settings.HEALTH_REDIS_TIMEOUT = 0.3
        started = time.monotonic()

        response = client.get("/readyz")

        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis", "worker"]
    assert elapsed < 2, f"took {elapsed:.1f} s"
