import pytest
from django.core import mail
from django.core.cache import cache

from orders import services
from tests.factories import LicenceFactory, OrderFactory
from tests.orders.conftest import fake_render, orders_storage  # noqa: F401

from .test_library import sign_in


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts code requests in the cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def delivered_order(db, django_capture_on_commit_callbacks, fake_render):  # noqa: F811
    """``make(email=…, tier=…, seats=…)``: an order paid and delivered through the services
    (the full report's render stood in for by a one-page PDF)."""

    def make(*, email: str, tier: str = "multi", seats: int = 3, **licence):
        licence = LicenceFactory(tier=tier, seats=seats, **licence)
        order = OrderFactory(
            email=email,
            report=licence.report,
            licence=licence,
            full_name="Jane Doe",
            company="Acme Industries",
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert services.order_mark_paid(order=order, actor_label="bank")
        order.refresh_from_db()
        mail.outbox.clear()
        return order

    return make


@pytest.fixture
def signed_in():
    """``signed_in(client, email)``: sign ``client`` in with the code e-mailed to ``email``."""

    def sign(client, email: str):
        _asked, library = sign_in(client, email)
        return library

    return sign
