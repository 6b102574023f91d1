"""The seed report's change page in the admin, as staff open it.

Usage (a PostgreSQL database with the demo catalogue)::

    createdb portal_bench_demo
    DATABASE_URL=postgres://…/portal_bench_demo manage.py migrate
    DATABASE_URL=postgres://…/portal_bench_demo manage.py load_demo
    DATABASE_URL=postgres://…/portal_bench_demo .venv/bin/python bench/change_page.py

Prints p50/p95 of the change page with the chart cache emptied before each request and
with it warm, the SQL statement count and the page's size.
"""

import _catalogue

RUNS = 20


def main() -> None:
    _catalogue.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from reports.demo.seed import REPORT
    from reports.models import Report

    report = Report.objects.get(code=REPORT["code"])
    user, _ = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    url = f"/admin/reports/report/{report.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    with _catalogue.CountQueries(connection) as queries:
        client.get(url)
    cold = _catalogue.timed(lambda: client.get(url), RUNS, before=cache.clear)
    warm = _catalogue.timed(lambda: client.get(url), RUNS)
    print(f"seed report's change page: {len(response.content):,} bytes; SQL {queries.count}")
    print(f"  chart cache empty: {_catalogue.p50_p95(cold)}")
    print(f"  chart cached:      {_catalogue.p50_p95(warm)}")


if __name__ == "__main__":
    main()
