"""A stand-in for Stripe's API on a free local port, for driving the real ``stripe`` SDK.

It answers what the portal calls, ``POST /v1/checkout/sessions``, the way Stripe does:
form-encoded parameters with bracketed keys, the secret key in ``Authorization: Bearer``,
JSON objects shaped like Stripe's, errors as ``{"error": {"type", "message", ...}}``. It
keeps Stripe's idempotency rule: the first answer executed under an ``Idempotency-Key`` (an
error included) is replayed for every later request with that key, and the same key with
other parameters is refused; requests refused before execution (a wrong key, invalid
parameters) are not saved.

Every request is recorded (``received()``) with its method, path, headers, decoded form
and the status it got, so a test asserts what Stripe received. ``fail_next`` makes the next
requests fail as Stripe can (500 ``api_error``, 402 ``card_error`` …).
"""

import contextlib
import json
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the stand-in received it; ``headers`` has lower-cased names."""

    method: str
    path: str
    headers: dict[str, str]
    form: dict
    status: int
    replayed: bool

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


class StripeError(Exception):
    """An error answer of the stand-in; ``saved`` tells whether idempotency keeps it."""

    def __init__(
        self, status: int, error: dict, *, saved: bool, headers: dict[str, str] | None = None
    ):
        super().__init__(error.get("message", ""))
        self.answer = Answer(status, {"error": error}, headers or {})
        self.saved = saved


def decode_form(body: str) -> dict:
    """Stripe's form encoding back into objects: ``line_items[0][price_data][currency]=usd``
    becomes ``{"line_items": [{"price_data": {"currency": "usd"}}]}``. Values stay strings,
    as Stripe receives them."""
    root: dict = {}
    for key, value in urllib.parse.parse_qsl(body, keep_blank_values=True):
        head, *rest = re.findall(r"[^\[\]]+", key)
        path = [head, *rest]
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and set(items) == {str(index) for index in range(len(items))}:
        return [items[str(index)] for index in range(len(items))]
    return items


def _invalid(message: str, param: str) -> StripeError:
    return StripeError(
        400,
        {"type": "invalid_request_error", "message": message, "param": param},
        saved=False,
    )


def _integer(value, param: str) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value):
        raise _invalid(f"Invalid integer: {value}", param)
    return int(value)


class StripeStandIn:
    """The server's state: received requests, sessions, idempotent answers, failures."""

    def __init__(self, *, api_key: str):
        self.api_key = api_key
        self.url = ""
        self.requests: list[ReceivedRequest] = []
        self.sessions: dict[str, dict] = {}
        self._saved: dict[str, tuple[tuple, Answer]] = {}
        self._failures: list[Answer] = []
        self._lock = threading.Lock()

    def fail_next(
        self,
        status: int,
        *,
        error_type: str = "api_error",
        message: str = "An unknown error occurred.",
        code: str | None = None,
        should_retry: bool | None = False,
    ) -> None:
        """Answer the next executed request with this error instead. Stripe marks
        most 500s ``Stripe-Should-Retry: false`` (its idempotency layer would replay them
        anyway); ``should_retry=None`` leaves the header out."""
        error = {"type": error_type, "message": message}
        if code:
            error["code"] = code
        headers = {} if should_retry is None else {"Stripe-Should-Retry": str(should_retry).lower()}
        with self._lock:
            self._failures.append(Answer(status, {"error": error}, headers))

    def received(self, method: str | None = None, path: str | None = None) -> list[ReceivedRequest]:
        with self._lock:
            return [
                request
                for request in self.requests
                if (method is None or request.method == method)
                and (path is None or request.path == path)
            ]

    def answer(self, *, method: str, path: str, headers: dict[str, str], body: str) -> Answer:
        """Authenticate, replay or execute one request, record it; return the answer."""
        form = decode_form(body) if method == "POST" else {}
        key = headers.get("idempotency-key") if method == "POST" else None
        fingerprint = (method, path, json.dumps(form, sort_keys=True))
        replayed = False
        with self._lock:
            try:
                self._authenticate(headers)
                if key in self._saved:
                    saved_fingerprint, answer = self._saved[key]
                    if saved_fingerprint != fingerprint:
                        raise StripeError(
                            400,
                            {
                                "type": "idempotency_error",
                                "message": "Keys for idempotent requests can only be used "
                                "with the same parameters they were first used with.",
                            },
                            saved=False,
                        )
                    replayed = True
                else:
                    answer = self._execute(method, path, form)
                    if key:
                        self._saved[key] = (fingerprint, answer)
            except StripeError as error:
                answer = error.answer
                if key and error.saved:
                    self._saved[key] = (fingerprint, answer)
            self.requests.append(
                ReceivedRequest(method, path, dict(headers), form, answer.status, replayed)
            )
        extra = {"Idempotency-Key": key} if key else {}
        if replayed:
            extra["Idempotent-Replayed"] = "true"
        return Answer(answer.status, answer.body, {**answer.headers, **extra})

    def _authenticate(self, headers: dict[str, str]) -> None:
        if headers.get("authorization") != f"Bearer {self.api_key}":
            raise StripeError(
                401,
                {"type": "invalid_request_error", "message": "Invalid API Key provided."},
                saved=False,
            )

    def _execute(self, method: str, path: str, form: dict) -> Answer:
        if self._failures:
            failure = self._failures.pop(0)
            raise StripeError(
                failure.status, failure.body["error"], saved=True, headers=failure.headers
            )
        if method == "POST" and path == "/v1/checkout/sessions":
            session = self._new_session(form)
            self.sessions[session["id"]] = session
            return Answer(200, session)
        raise StripeError(
            404,
            {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})."},
            saved=False,
        )

    def _new_session(self, form: dict) -> dict:
        """A Checkout Session as Stripe creates it, after the checks Stripe makes on the
        parameters the portal sends (a decimal amount, a missing currency or URL is a 400)."""
        if form.get("mode") not in {"payment", "setup", "subscription"}:
            raise _invalid("Missing required param: mode.", "mode")
        if not form.get("success_url"):
            raise _invalid("Missing required param: success_url.", "success_url")
        items = form.get("line_items")
        if not isinstance(items, list) or not items:
            raise _invalid("Missing required param: line_items.", "line_items")
        currencies, total = set(), 0
        for index, item in enumerate(items):
            param = f"line_items[{index}]"
            price = item.get("price_data") or {}
            if not (price.get("product_data") or {}).get("name"):
                raise _invalid("Missing required param: product_data[name].", param)
            if not re.fullmatch(r"[a-z]{3}", price.get("currency", "")):
                raise _invalid("Invalid currency.", f"{param}[price_data][currency]")
            amount = _integer(price.get("unit_amount"), f"{param}[price_data][unit_amount]")
            quantity = _integer(item.get("quantity"), f"{param}[quantity]")
            currencies.add(price["currency"])
            total += amount * quantity
        if len(currencies) != 1:
            raise _invalid("All line items must share one currency.", "line_items")
        metadata = form.get("metadata") or {}
        for name, value in metadata.items():
            if len(name) > 40 or len(value) > 500:
                raise _invalid("Metadata keys <= 40 characters, values <= 500.", "metadata")
        session_id = "cs_test_" + secrets.token_hex(24)
        now = int(time.time())
        return {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": form.get("cancel_url"),
            "client_reference_id": form.get("client_reference_id"),
            "created": now,
            "currency": currencies.pop(),
            "customer": None,
            "customer_email": form.get("customer_email"),
            "expires_at": now + 24 * 3600,
            "livemode": False,
            "metadata": metadata,
            "mode": form["mode"],
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": form["success_url"],
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
        }


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:
        self._respond("GET")

    def do_POST(self) -> None:
        self._respond("POST")

    def _respond(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        path = urllib.parse.urlsplit(self.path).path
        headers = {name.lower(): value for name, value in self.headers.items()}
        answer = self.server.stand_in.answer(method=method, path=path, headers=headers, body=body)
        payload = json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Request-Id", "req_" + secrets.token_hex(7))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stand_in: StripeStandIn


@contextlib.contextmanager
def start_stripe_api(*, api_key: str) -> Iterator[StripeStandIn]:
    """The stand-in on a free 127.0.0.1 port while the block runs; ``url`` is its base,
    for ``StripeClient(base_addresses={"api": url})``."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.stand_in = StripeStandIn(api_key=api_key)
    server.stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
