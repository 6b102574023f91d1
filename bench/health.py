"""How fast /readyz answers with everything up and with Redis gone, and what counting a
PDF or an e-mail costs in Redis and in process memory.

Usage: ``.venv/bin/python bench/health.py [--repeat 200]``. Starts its own ``redis-server``
on a free local port (killed at the end) and runs Django's test client in-process on the
database in ``DATABASE_URL`` (SQLite when unset; /readyz needs no tables). Prints medians and the 95th percentile in
milliseconds. Goal: /readyz well under a probe's timeout in both states (it must never hang
when Redis is down), and a counter increment far below a render or a send.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(function, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from portal import metrics
    from portal.health import write_worker_heartbeat

    setup_test_environment()

    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        time.sleep(0.5)
        settings.CELERY_BROKER_URL = url
        write_worker_heartbeat(url=url, name="celery@bench")
        client = Client()
        assert client.get("/readyz").status_code == 200
        median, p95 = timed(lambda: client.get("/readyz"), args.repeat)
        print(f"/readyz, all up:            median {median:6.2f} ms  p95 {p95:6.2f} ms")

        settings.METRICS_REDIS_URL = url
        median, p95 = timed(lambda: metrics.pdf_rendered("pdf/sample.html"), args.repeat)
        print(f"count a PDF in Redis:       median {median:6.3f} ms  p95 {p95:6.3f} ms")
        settings.METRICS_REDIS_URL = ""
        median, p95 = timed(lambda: metrics.pdf_rendered("pdf/sample.html"), args.repeat)
        print(f"count a PDF in memory:      median {median:6.3f} ms  p95 {p95:6.3f} ms")
    finally:
        server.kill()
        server.wait()

    assert client.get("/readyz").status_code == 503
    median, p95 = timed(lambda: client.get("/readyz"), max(20, args.repeat // 10))
    print(f"/readyz, Redis down (503):  median {median:6.2f} ms  p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
