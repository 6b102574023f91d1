import io

import pytest
from django.core.management import call_command

from orders.models import Order, OrderStatus
from reports.demo.loader import demo_catalogue_load


@pytest.mark.django_db
def test_the_demo_has_a_buyer_with_a_paid_order_and_says_how_to_sign_in(settings):
    settings.DEBUG = True
    demo_catalogue_load()
    out = io.StringIO()

    call_command("demo_buyer", stdout=out)
    call_command("demo_buyer", stdout=io.StringIO())

    [order] = Order.objects.filter(email="jane.doe@acme-industries.example")
    assert order.status in (OrderStatus.PAID, OrderStatus.FULFILLED)
    assert order.report_code == 1541508
    assert order.licence_tier == "multi"
    assert list(order.seats.values_list("email", flat=True)) == ["sam.lee@acme-industries.example"]
    assert "/account/auth/login/code/" in out.getvalue()
    assert "jane.doe@acme-industries.example" in out.getvalue()
