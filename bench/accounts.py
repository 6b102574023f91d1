"""Sign-in to library: what a buyer waits for, server side, from asking for a code to
seeing their library.

Usage: ``.venv/bin/python bench/accounts.py [--runs 20] [--orders 5]``. In a throw-away
database (``BENCH_DATABASE_URL`` to use PostgreSQL) each run is a new buyer with
``--orders`` fulfilled orders, one a multi-user licence with two seats given; the run posts
the e-mail address, posts the code from the e-mail, and loads ``/account/``. Prints the
median and worst of each step and of the whole, and the library's query count.
"""

import argparse
import re
import statistics
import time

import _demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--orders", type=int, default=5)
    args = parser.parse_args()
    _demo.setup()
    reports = _demo.demo_reports()

    from django.core import mail
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from orders import services
    from orders.models import Order, OrderStatus
    from orders.seats import seat_invite

    setup_test_environment()
    steps: dict[str, list[float]] = {"request code": [], "enter code": [], "library": []}
    totals, queries = [], 0
    for run in range(args.runs):
        email = f"buyer{run}@acme.example"
        for n in range(args.orders):
            report = reports[n % len(reports)]
            licence = report.licences.order_by("-seats").first()
            order = services.order_create(
                report=report,
                licence=licence,
                buyer=services.Buyer("Jane Doe", email, "Acme", "GB", "1 High St"),
                provider="bank_transfer",
            )
            Order.objects.filter(pk=order.pk).update(
                status=OrderStatus.FULFILLED, paid_at=timezone.now(), pdf_name="bench.pdf"
            )
            if n == 0 and licence.seats != 1:
                order.refresh_from_db()
                for colleague in ("a", "b"):
                    seat_invite(order=order, email=f"{colleague}{run}@acme.example")
        cache.clear()
        mail.outbox = []
        client = Client()
        start = time.perf_counter()
        client.post("/account/auth/login/code/", {"email": email})
        asked = time.perf_counter()
        code = re.search(r"^\s*([A-Z0-9]{4}-?[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M)[1]
        client.post("/account/auth/login/code/confirm/", {"code": code})
        entered = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/account/")
        done = time.perf_counter()
        assert page.status_code == 200 and b"My library" in page.content
        steps["request code"].append(asked - start)
        steps["enter code"].append(entered - asked)
        steps["library"].append(done - entered)
        totals.append(done - start)
        queries = len(captured)

    for name, times in steps.items():
        print(
            f"{name}: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms"
        )
    print(
        f"sign-in to library ({args.orders} orders, 2 seats given): median "
        f"{statistics.median(totals) * 1000:.0f} ms, worst {max(totals) * 1000:.0f} ms; "
        f"library page {queries} queries"
    )


if __name__ == "__main__":
    main()
