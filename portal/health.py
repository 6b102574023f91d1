"""Liveness and readiness for container orchestrators and load balancers.

- ``/healthz``: the process answers. Touches nothing else, so a database outage never
  gets healthy web containers restarted.
- ``/readyz``: every dependency the site needs, one check each: ``database`` (``SELECT 1``),
  ``redis`` (``PING`` on ``CELERY_BROKER_URL`` with a short timeout) and ``worker`` (a
  worker heartbeat seen within ``HEALTH_WORKER_MAX_AGE`` seconds). 200 when all pass, 503
  naming the failing checks otherwise; a failing dependency is reported, never raised.
  Without a broker (the embedded default, tasks run in-process) ``redis`` and ``worker``
  report "not configured" and pass. Error texts and worker names are shown only to
  requests that may read ``/metrics`` (``METRICS_TOKEN`` or ``METRICS_ALLOWED_IPS``); the
  rest see which checks pass, and the errors are logged.

Both answer on any Host header and on plain HTTP (``HealthCheckMiddleware`` serves them
before host validation and the SSL redirect), because probes come from inside the
container network, by IP address, without TLS. Responses are never cached.

The heartbeat: every worker's main process writes the time into the sorted set
``HEARTBEAT_KEY`` on the broker's Redis every ``HEALTH_WORKER_HEARTBEAT_INTERVAL`` seconds,
from a timer on its own event loop (``WorkerHeartbeat``, a Celery bootstep). A timer on the
worker's loop is alive exactly when the worker is: it needs neither beat (a periodic task
would make readiness depend on beat too, and a busy queue would delay it), nor Celery's
event heartbeats (off with ``--without-heartbeat``), nor a shared file system.
"""

import logging
import socket
import time

from celery import bootsteps
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers

from portal import metrics

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "portal:health:worker-heartbeats"
NOT_CONFIGURED = "not configured"
PATHS = {"/healthz", "/readyz"}


_clients: dict = {}


def _redis_client(url: str):
    """One client (and connection pool) per URL and timeout in this process; redis-py
    reconnects by itself after an outage."""
    import redis

    timeout = settings.HEALTH_REDIS_TIMEOUT
    key = (url, timeout)
    if key not in _clients:
        _clients[key] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
    return _clients[key]


def check_database() -> dict:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True}


def check_redis() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "status": NOT_CONFIGURED}
    try:
        _redis_client(url).ping()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True}


def check_worker() -> dict:
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"ok": True, "status": NOT_CONFIGURED}
    max_age = settings.HEALTH_WORKER_MAX_AGE
    try:
        beats = _redis_client(url).zrange(HEARTBEAT_KEY, 0, -1, withscores=True)
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    now = time.time()
    alive = sorted(name.decode() for name, seen in beats if now - seen <= max_age)
    if not alive:
        last = max((seen for _name, seen in beats), default=None)
        ago = f"{now - last:.0f} s ago" if last else "never"
        return {"ok": False, "error": f"no worker heartbeat within {max_age} s (last: {ago})"}
    return {"ok": True, "workers": alive}


CHECKS = {"database": check_database, "redis": check_redis, "worker": check_worker}


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    return _json({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    results = {}
    for name, check in CHECKS.items():
        if name == "worker" and not results["redis"]["ok"]:
            results[name] = {"ok": False, "error": "heartbeats unreadable: Redis is down"}
        else:
            results[name] = check()
    failing = [name for name, result in results.items() if not result["ok"]]
    if failing:
        errors = {name: results[name].get("error") for name in failing}
        logger.warning("Not ready: %s", ", ".join(failing), extra={"checks": errors})
    if not metrics.allowed(request):
        results = {
            name: {key: value for key, value in result.items() if key in ("ok", "status")}
            for name, result in results.items()
        }
    status = "ok" if not failing else "unavailable"
    response = _json(
        {"status": status, "failing": failing, "checks": results}, status=503 if failing else 200
    )
    if failing:
        # Probes repeat every few seconds: one warning, not an ERROR (and a Sentry event)
        # from django.request for each 503.
        response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Serves ``/healthz`` and ``/readyz`` before ALLOWED_HOSTS and the SSL redirect apply.

    Placed above ``SecurityMiddleware``. Only GET and HEAD of exactly these paths are
    served here; everything else goes down the stack as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info in PATHS and request.method in ("GET", "HEAD"):
            return healthz(request) if request.path_info == "/healthz" else readyz(request)
        return self.get_response(request)


def write_worker_heartbeat(*, url: str, name: str, now: float | None = None) -> None:
    """Record that worker ``name`` is alive now; members silent for a day are dropped."""
    now = time.time() if now is None else now
    client = _redis_client(url)
    pipe = client.pipeline(transaction=False)
    pipe.zadd(HEARTBEAT_KEY, {name: now})
    pipe.zremrangebyscore(HEARTBEAT_KEY, "-inf", now - 86400)
    pipe.execute()


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Writes this worker's heartbeat on start and then every few seconds (a Celery
    bootstep on the worker's own timer; registered in ``portal.celery``)."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None
        self.name = getattr(worker, "hostname", None) or socket.gethostname()

    def start(self, worker):
        url = worker.app.conf.broker_url
        if not url or not url.startswith(("redis://", "rediss://", "unix://")):
            return
        interval = settings.HEALTH_WORKER_HEARTBEAT_INTERVAL

        def beat():
            try:
                write_worker_heartbeat(url=url, name=self.name)
            except Exception as exc:
                logger.warning("Worker heartbeat not written: %s", exc)

        beat()
        self.tref = worker.timer.call_repeatedly(interval, beat)

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
