"""Real local services for tests and CI scripts, without Django: free ports, an SMTP server
(aiosmtpd) and a Redis server of the caller's own, each stopped by its own PID. Importable
by ``.ci/production_smoke.py`` as well as by the test packages' fixtures
(``tests.support.worker``)."""

import contextlib
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path


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


def wait_until(predicate, *, timeout: float, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; return that, or the last falsy
    value after ``timeout`` seconds (the caller's assertion then says what was missing)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def redis_available(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


class RedisServer:
    """``redis-server`` on a free local port, in the foreground. Without ``directory`` it
    persists nothing; with one it keeps an append-only file there, fsynced on every write,
    so its queues survive ``restart`` as a production broker's do."""

    def __init__(self, directory: Path | None = None) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [shutil.which("redis-server") or "redis-server", "--port", str(self.port)]
        command += ["--bind", "127.0.0.1", "--save", "", "--daemonize", "no"]
        if self.directory is None:
            command += ["--appendonly", "no"]
        else:
            command += ["--appendonly", "yes", "--appendfsync", "always"]
            command += ["--dir", str(self.directory)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if not wait_until(lambda: redis_available(self.url), timeout=10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop it as a restart or an operator would (SIGTERM), killing it after 10 s."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()
