"""The admin index with its dashboard on a large catalogue with a year of leads and orders.

Usage (a catalogue made with ``generate_catalogue --reports 100000``; the first run adds
a year of activity, about 150 sample requests a day with their enquiries and orders)::

    DATABASE_URL=postgres://…/portal_bench100k .venv/bin/python bench/dashboard.py

Prints the rows counted, then p50/p95 of the dashboard's figures alone and of the whole
admin index page for a superuser, and the SQL statement count of one page.
"""

import _catalogue

RUNS = 20


def main() -> None:
    _catalogue.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from desk.demo import demo_activity_load
    from desk.selectors import dashboard
    from enquiries.models import Enquiry, SampleRequest
    from orders.models import Order

    added = demo_activity_load(days=365, per_day=150)
    print(f"activity added now: {added:,} rows")
    print(
        f"sample requests {SampleRequest.objects.count():,}, enquiries "
        f"{Enquiry.objects.count():,}, orders {Order.objects.count():,}"
    )
    user, _ = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    client.get("/admin/")

    figures = _catalogue.timed(lambda: dashboard(user=user), RUNS)
    with _catalogue.CountQueries(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200, response.status_code
    page = _catalogue.timed(lambda: client.get("/admin/"), RUNS)
    print(f"dashboard figures: {_catalogue.p50_p95(figures)}")
    print(f"admin index page:  {_catalogue.p50_p95(page)}; SQL {queries.count}")


if __name__ == "__main__":
    main()
