"""Fixtures for the enquiries tests: a fully populated report and a clean rate-limit cache.
Private sample storage in a temporary folder, a real SMTP server (aiosmtpd), the real
Celery worker and an HTTP visitor come from ``tests.support.worker``."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from reports.models import FigureKind, LicenceTier
from tests.factories import (
    CompanyFactory,
    DimensionFactory,
    LicenceFactory,
    MarketFigureFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
    TocEntryFactory,
)
from tests.support.worker import (  # noqa: F401
    _samples_storage,
    broker_url,
    own_redis,
    smtp_server,
    start_worker,
    visitor,
)

MARKET_SERIES = {2019: "1.6", 2023: "2.3", 2024: "2.5", 2027: "3.3", 2031: "4.9"}
EXPECTED_CAGR = "10.1%"
# A sample request or enquiry as a visitor fills the form in (the honeypot left empty).
FORM = {
    "full_name": "Jane Doe",
    "email": "jane.doe@acme-industries.com",
    "company": "Acme Industries",
    "job_title": "Head of Strategy",
    "country": "GB",
    "phone": "",
    "message": "",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sample_report(db):
    """A published report with everything a sample shows; its CAGR 2024–2031 is 10.1%."""
    report = ReportFactory(
        code=1541508,
        title="Medical Second Opinion Market",
        slug="medical-second-opinion",
        summary="The medical second opinion market by type, application and region.",
    )
    for year, value in MARKET_SERIES.items():
        kind = FigureKind.HISTORIC if year < 2024 else FigureKind.FORECAST
        MarketFigureFactory(report=report, year=year, value=Decimal(value), kind=kind)
    SectionFactory(
        report=report,
        heading="Market overview and trends",
        body="<p>A medical second opinion is a consultation with another provider.</p>",
    )
    SectionFactory(report=report, heading="Drivers", body="<p>Rising chronic disease.</p>")
    SectionFactory(report=report, heading="Opportunities", body="<p>Telehealth.</p>")
    SectionFactory(report=report, heading="Competitive landscape", body="<p>Crowded.</p>")
    for title in ["Introduction", "Market dynamics", "Competitive landscape"]:
        TocEntryFactory(report=report, title=title)
    for name, slug in [
        ("Cleveland Clinic", "cleveland-clinic"),
        ("Best Doctors Inc", "best-doctors"),
    ]:
        ReportCompanyFactory(report=report, company=CompanyFactory(name=name, slug=slug))
    hospitals = SegmentFactory(
        dimension=DimensionFactory(slug="type"), name="Hospitals", slug="hospitals"
    )
    ReportSegmentFactory(report=report, segment=hospitals, share_percent=Decimal("55"))
    north_america = SegmentFactory(
        dimension=DimensionFactory(slug="region"), name="North America", slug="north-america"
    )
    ReportSegmentFactory(report=report, segment=north_america, share_percent=Decimal("40"))
    LicenceFactory(report=report, tier=LicenceTier.SINGLE, price=Decimal("3500"))
    LicenceFactory(report=report, tier=LicenceTier.ENTERPRISE, price=Decimal("7000"), seats=0)
    return report


@pytest.fixture
def post_form(client, django_capture_on_commit_callbacks):
    """``post_form(url, data=None)``: post a lead form (default: a valid one, as the tests'
    ``VALID``) and follow it, running what it queues."""
    from .test_views import VALID

    def post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or VALID, follow=True, **extra)

    return post
