"""Orders in admin: search, filters, CSV export and the revenue page."""

import csv
import io
from decimal import Decimal

from orders import services
from orders.models import OrderStatus
from tests.factories import OrderFactory


def test_changelist_search_and_filters(staff_client, db):
    wanted = OrderFactory(company="Globex Corporation")
    OrderFactory(company="Initech")

    by_company = staff_client.get("/admin/orders/order/", {"q": "globex"}).content.decode()
    by_number = staff_client.get("/admin/orders/order/", {"q": wanted.number}).content.decode()
    by_status = staff_client.get("/admin/orders/order/", {"status__exact": "paid"}).content.decode()

    assert wanted.number in by_company and "Initech" not in by_company
    assert "Globex Corporation" in by_number and "Initech" not in by_number
    assert "0 orders" in by_status


def test_csv_export_neutralises_formulas(staff_client, db):
    order = OrderFactory(company='=HYPERLINK("http://evil")')

    response = staff_client.post(
        "/admin/orders/order/", {"action": "export_csv", "_selected_action": [order.pk]}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Order", "Created", "Status"]
    assert rows[1][0] == order.number
    assert rows[1][13].startswith("'=")


def test_revenue_counts_paid_orders_per_report_and_month(staff_client, db, fake_render):
    first, second, refunded = (
        OrderFactory(net_amount=Decimal(a), total_amount=Decimal(a)) for a in ("100", "250", "999")
    )
    second.report, second.report_code, second.report_title = (
        first.report,
        first.report_code,
        first.report_title,
    )
    second.save()
    for order in (first, second, refunded):
        services.order_mark_paid(order=order, actor_label="bank")
    services.order_refund(order=refunded, actor_label="bank")
    OrderFactory(status=OrderStatus.PENDING_PAYMENT, total_amount=Decimal("5000"))

    page = staff_client.get("/admin/orders/order/revenue/").content.decode()

    assert (
        f"{first.report_title} (r{first.report_code})</td><td>USD</td><td>2</td><td>350.00</td>"
        in page
    )
    assert "999.00" not in page and "5000.00" not in page
    assert "<td>USD</td><td>1</td><td>100.00</td>" not in page
