"""The production shape, started and tried as a visitor would: run by ``.ci/run``.

gunicorn on ``portal.settings.production`` (DEBUG off, hashed and compressed static files
from ``collectstatic``), PostgreSQL, Redis as cache and broker, a real Celery worker and
beat, and an SMTP peer (aiosmtpd). Requests arrive as from a TLS-terminating proxy
(``X-Forwarded-Proto: https``). Checks, each printed with its time:

- ``/readyz`` answers 200 (database, Redis, a worker heartbeat);
- the seed press release's four links answer 200;
- a hashed stylesheet is served compressed, with a year-long immutable cache header;
- one sample request ends in exactly one e-mail whose link downloads a PDF.

Every process it starts is stopped by its own PID, whatever happens. Exit status 0 only
when every check passed. Usage: ``.venv/bin/python .ci/production_smoke.py`` with
PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (database 14 is emptied).
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.services import SmtpServer, free_port, start_smtp, wait_until  # noqa: E402

BIN = Path(sys.executable).parent
HOST = "portal.example"
DATABASE = "portal_smoke"
REDIS = "redis://127.0.0.1:6379/14"
SEED_CODE = 1541508
SEED_PATHS = [
    f"/medical-second-opinion-r{SEED_CODE}",
    f"/enquiry/request-sample/{SEED_CODE}",
    f"/enquiry/pre-order-enquiry/{SEED_CODE}",
    f"/purchase/{SEED_CODE}",
]
BUYER = "jane.doe@acme-industries.com"
started = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - started:6.1f}s] {text}", flush=True)


class Visitor:
    """HTTP to gunicorn as the proxy would forward it; keeps the cookies it is given (the
    production cookies are Secure, which a plain-HTTP cookie jar would not send back)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Accept-Encoding": "identity",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.headers), content

    def post_form(self, path: str, fields: dict):
        _status, _headers, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.decode()}).encode()
        return self.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{HOST}{path}",
                "Origin": f"https://{HOST}",
            },
        )


class Stack:
    def __init__(self, workdir: Path, smtp_port: int):
        self.workdir = workdir
        self.port = free_port()
        self.processes: list[tuple[str, subprocess.Popen, Path]] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "REDIS_URL": REDIS,
            "CELERY_BROKER_URL": REDIS,
            "CACHE_URL": REDIS.replace("/14", "/15"),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "SAMPLES_STORAGE_ROOT": str(workdir / "private" / "samples"),
            "ORDERS_STORAGE_ROOT": str(workdir / "private" / "orders"),
            "CATALOGUE_IMPORT_DIR": str(workdir / "private" / "imports"),
            "PROMETHEUS_MULTIPROC_DIR": str(workdir / "prometheus"),
            "HEALTH_WORKER_HEARTBEAT_INTERVAL": "2",
            "LOG_LEVEL": "WARNING",
        }
        (workdir / "prometheus").mkdir()

    def manage(self, *args: str, without: tuple[str, ...] = ()) -> None:
        subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env={key: value for key, value in self.env.items() if key not in without},
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self, name: str, *command: str) -> None:
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process, log))

    def stop(self) -> None:
        for _name, process, _log in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process, _log in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            f"--- {name} (exit {process.poll()})\n{log.read_text(errors='replace')[-4000:]}"
            for name, process, log in self.processes
        )


def check(condition: bool, text: str) -> None:
    if not condition:
        raise AssertionError(text)
    say(f"ok  {text}")


def reset_services() -> None:
    import redis

    for db in (14, 15):
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{db}").flushdb()
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)


def run(stack: Stack, mailbox: SmtpServer) -> None:
    reset_services()
    stack.manage("migrate", "--no-input")
    stack.manage("load_demo")
    stack.manage(
        "collectstatic", "--no-input", without=("CACHE_URL", "REDIS_URL", "CELERY_BROKER_URL")
    )
    say("migrated, demo content loaded, static files collected with the production storage")
    say("(collectstatic without a cache or broker, as the Docker build runs it)")

    stack.start(
        "gunicorn",
        str(BIN / "gunicorn"),
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{stack.port}",
        "--workers",
        "2",
        "--timeout",
        "60",
    )
    stack.start(
        "worker",
        str(BIN / "celery"),
        "-A",
        "portal",
        "worker",
        "--queues",
        "pdf,default",
        "--concurrency",
        "2",
        "--loglevel",
        "WARNING",
        "--hostname",
        f"smoke-{os.getpid()}@%h",
    )
    stack.start(
        "beat",
        str(BIN / "celery"),
        "-A",
        "portal",
        "beat",
        "--loglevel",
        "WARNING",
        "--schedule",
        str(stack.workdir / "celerybeat-schedule"),
    )
    visitor = Visitor(stack.port)

    def ready():
        try:
            return visitor.request("GET", "/readyz")[0] == 200
        except OSError:
            return False

    check(wait_until(ready, timeout=90), "/readyz is 200: database, Redis and a worker answer")
    check(
        all(process.poll() is None for _name, process, _log in stack.processes),
        "gunicorn, worker and beat are running",
    )

    for path in SEED_PATHS:
        status, _headers, _page = visitor.request("GET", path)
        check(status == 200, f"GET {path} is 200 (got {status})")
    status, _headers, page = visitor.request("GET", f"/ja{SEED_PATHS[0]}")
    check(
        status == 200 and b'<html lang="ja">' in page and "医療".encode() in page,
        "the seed report reads in Japanese at /ja/ (compiled catalogues, translated content)",
    )

    _status, _headers, page = visitor.request("GET", SEED_PATHS[0])
    stylesheet = re.search(rb'<link rel="stylesheet" href="(/static/[^"]+\.css)"', page)
    check(stylesheet is not None, "the report page links a stylesheet")
    href = stylesheet.group(1).decode()
    check(re.search(r"\.[0-9a-f]{12}\.css$", href) is not None, f"its name is hashed: {href}")
    status, headers, body = visitor.request("GET", href, headers={"Accept-Encoding": "br, gzip"})
    check(status == 200, f"GET {href} is 200")
    check(headers.get("Content-Encoding") in {"br", "gzip"}, "it is served compressed")
    cache_control = headers.get("Cache-Control", "")
    max_age = re.search(r"max-age=(\d+)", cache_control)
    check(
        max_age is not None and int(max_age.group(1)) >= 365 * 24 * 3600,
        f"with a cache lifetime of a year or more ({cache_control})",
    )
    check("immutable" in cache_control, "marked immutable")

    status, _headers, _page = visitor.post_form(
        SEED_PATHS[1],
        {
            "full_name": "Jane Doe",
            "email": BUYER,
            "company": "Acme Industries",
            "job_title": "Head of Strategy",
            "country": "GB",
            "consent": "on",
            "website": "",
        },
    )
    check(
        status == 302, f"the sample request is accepted (302 to the thank-you page, got {status})"
    )
    messages = mailbox.wait_for(1, timeout=120)
    check(len(messages) == 1 and messages[0]["To"] == BUYER, "one e-mail reaches the buyer")
    body = messages[0].get_body(preferencelist=("plain", "html")).get_content()
    link = re.search(rf"https://{re.escape(HOST)}(/enquiry/sample/\S+?)(?=[\s\"<]|$)", body)
    check(link is not None, "it carries a download link")
    status, headers, pdf = visitor.request("GET", link.group(1))
    check(
        status == 200 and headers.get("Content-Type") == "application/pdf" and pdf[:5] == b"%PDF-",
        f"the link downloads a PDF ({len(pdf):,} bytes)",
    )
    check(len(mailbox.wait_for(2, timeout=5)) == 1, "and no second e-mail follows")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
    with start_smtp() as mailbox:
        stack = Stack(workdir, mailbox.port)
        try:
            run(stack, mailbox)
        except Exception as error:
            say(f"FAILED: {type(error).__name__}: {error}")
            print(stack.logs(), flush=True)
            return 1
        finally:
            stack.stop()
            shutil.rmtree(workdir, ignore_errors=True)
    say("production smoke passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
