"""What a visitor waits for when Redis (cache and broker) is up, stopped, or frozen.

Usage: ``.venv/bin/python bench/redis_outage.py [--repeat 30]``. Starts its own
``redis-server`` on a free local port (stopped at the end by its PID), points the cache
(django-redis with the production options: ``CACHE_URL``) and the broker at it, loads the
demo catalogue into an in-memory SQLite database and drives Django's test client in-process.
For each state it prints the median and 95th percentile in milliseconds of the seed report
page, a search, and a sample request (the form POST, which stores the row and queues its
render), and how many of the sample requests were stored:

- ``up``: Redis answers;
- ``stopped``: the server is gone (connections refused at once);
- ``frozen``: the server is stopped with SIGSTOP, so connections open but nothing answers
  (a hung server or a partition): each attempt waits for the socket timeouts.

Goal: every page 200 and every sample request stored in all three states; stopped adds
next to nothing, frozen adds at most a few socket timeouts.
"""

import argparse
import os
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.services import RedisServer  # noqa: E402

LEAD = {
    "full_name": "Jane Doe",
    "company": "Acme Industries",
    "job_title": "Head of Strategy",
    "country": "GB",
    "consent": "on",
    "website": "",
}


def timed(function, repeat: int) -> tuple[float, float, list]:
    samples, results = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        results.append(function())
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    redis_server = RedisServer()
    redis_server.start()
    os.environ["CACHE_URL"] = redis_server.url.replace("/0", "/1")
    os.environ["ENQUIRY_RATE_LIMIT_PER_IP"] = "100000"
    os.environ["ENQUIRY_RATE_LIMIT_PER_EMAIL"] = "100000"
    os.environ["ENQUIRY_DUPLICATE_WINDOW"] = "0"
    try:
        sys.path.insert(0, str(Path(__file__).parent))
        import _demo

        _demo.setup()
        _demo.demo_reports()
        import logging

        logging.disable(logging.CRITICAL)
        from django.test import Client

        from enquiries.models import SampleRequest
        from portal.celery import app

        app.conf["CELERY_BROKER_URL"] = redis_server.url
        app.conf["CELERY_TASK_ALWAYS_EAGER"] = False
        client = Client()
        counter = iter(range(10**6))

        def report_page():
            return client.get("/medical-second-opinion-r1541508").status_code

        def search():
            return client.get("/reports/?q=medical").status_code

        def sample_request():
            email = f"reader{next(counter)}@acme-industries.com"
            before = SampleRequest.objects.count()
            client.post("/enquiry/request-sample/1541508", {**LEAD, "email": email})
            return SampleRequest.objects.count() - before

        print(f"{'state':<8} {'what':<15} {'median ms':>10} {'p95 ms':>8}  outcome")
        for state in ("up", "stopped", "frozen"):
            if state == "stopped":
                redis_server.stop()
            if state == "frozen":
                redis_server.start()
                app.conf["CELERY_BROKER_URL"] = redis_server.url
                os.kill(redis_server.process.pid, signal.SIGSTOP)
            for name, function, outcome in [
                ("report page", report_page, lambda results: f"statuses {sorted(set(results))}"),
                ("search", search, lambda results: f"statuses {sorted(set(results))}"),
                (
                    "sample request",
                    sample_request,
                    lambda results: f"{sum(results)}/{len(results)} stored",
                ),
            ]:
                function()
                repeat = args.repeat if state != "frozen" else max(3, args.repeat // 5)
                median, p95, results = timed(function, repeat)
                print(f"{state:<8} {name:<15} {median:>10.1f} {p95:>8.1f}  {outcome(results)}")
    finally:
        if redis_server.process is not None:
            os.kill(redis_server.process.pid, signal.SIGCONT)
        redis_server.stop()


if __name__ == "__main__":
    main()
