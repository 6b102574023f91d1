"""A burst of sample requests over HTTP through the real stack, until the last e-mail.

Usage (PostgreSQL and Redis running, nothing else needed)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python bench/sample_burst.py [--requests 200] [--concurrency 2]

It migrates that database and loads the demo catalogue, starts an SMTP server (aiosmtpd),
a gunicorn web server and a ``celery -A portal worker`` (queues default and pdf) with
``--broker-url`` (Redis DB 10 unless told) and ``--cache-url`` (Redis DB 11; it may be the
broker's database: both are emptied first), posts ``--requests`` sample-request forms for report 1541508 from distinct
addresses, and prints: time to accept every form, time until the last e-mail arrived, the
number of distinct recipients delivered (must equal the requests) and any delivered twice.
"""

import argparse
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_sample(base: str, code: int, n: int) -> int:
    jar = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    url = f"{base}/enquiry/request-sample/{code}"
    page = jar.open(url, timeout=60).read()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    data = {
        "full_name": f"Buyer {n}",
        "email": f"buyer{n}@bench-industries.com",
        "company": "Bench Industries",
        "job_title": "Analyst",
        "country": "GB",
        "consent": "on",
        "csrfmiddlewaretoken": token,
    }
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": url, "X-Forwarded-For": f"198.51.100.{n % 250}"},
    )
    with jar.open(request, timeout=60) as response:
        return response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/10")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/11")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database for the burst.")

    from aiosmtpd.controller import Controller

    received: list = []
    lock = threading.Lock()

    class Handler:
        async def handle_DATA(self, _server, _session, envelope):
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            with lock:
                received.append((time.monotonic(), message["To"]))
            return "250 OK"

    smtp_port, web_port = free_port(), free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    samples = tempfile.mkdtemp(prefix="bench-samples-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CELERY_BROKER_URL": args.broker_url,
        "CACHE_URL": "rediscache://" + args.cache_url.split("://", 1)[1],
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SAMPLES_STORAGE_ROOT": samples,
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "TRUSTED_PROXY_COUNT": "1",
        "ENQUIRY_RATE_LIMIT_PER_IP": "100000",
        "LOG_LEVEL": "WARNING",
    }
    manage = [str(VENV_BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    loaded = subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, capture_output=True)
    if loaded.returncode:
        sys.exit(f"load_demo failed:\n{loaded.stderr.decode()[-2000:]}")
    import redis

    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    redis.Redis.from_url(args.cache_url).flushdb()

    processes = [
        subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                "3",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
        subprocess.Popen(
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "--queues",
                "default,pdf",
                "--concurrency",
                str(args.concurrency),
                "--loglevel",
                "WARNING",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
    ]
    base = f"http://127.0.0.1:{web_port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/enquiry/request-sample/1541508", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(3)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = Counter(
                pool.map(lambda n: post_sample(base, 1541508, n), range(args.requests))
            )
        accepted = time.monotonic() - started
        print(f"{args.requests} forms posted in {accepted:.1f} s, responses: {dict(statuses)}")
        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            with lock:
                if len(received) >= args.requests:
                    break
            time.sleep(0.5)
        time.sleep(5)
        with lock:
            arrivals = list(received)
        counts = Counter(to for _, to in arrivals)
        last = max((at for at, _ in arrivals), default=started) - started
        print(f"e-mails received: {len(arrivals)}, distinct recipients: {len(counts)}")
        print(f"delivered twice or more: {sum(1 for c in counts.values() if c > 1)}")
        print(f"time from first post to last e-mail: {last:.1f} s")
        if arrivals:
            print(f"throughput: {len(counts) / last:.1f} samples/s")
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        controller.stop()


if __name__ == "__main__":
    main()
