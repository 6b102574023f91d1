"""factory_boy factories for the catalogue. ``ReportFactory`` gives a published report."""

from decimal import Decimal

import factory
from django.utils import timezone

from reports.models import (
    Category,
    Company,
    Faq,
    FigureKind,
    Licence,
    LicenceTier,
    MarketFigure,
    Report,
    ReportCompany,
    ReportStatus,
    Section,
    SectionKind,
    TocEntry,
)
from segments.models import Dimension, ReportSegment, Segment


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Industry {n}")
    slug = factory.Sequence(lambda n: f"industry-{n}")
    description = "Reports on this industry."


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    code = factory.Sequence(lambda n: 1000000 + n)
    title = factory.Sequence(lambda n: f"Widget {n} Market")
    slug = factory.Sequence(lambda n: f"widget-{n}")
    headline = factory.LazyAttribute(lambda o: f"{o.title}: size, share and forecast to 2031")
    summary = factory.LazyAttribute(
        lambda o: f"The {o.title.lower()} by type, application and region."
    )
    category = factory.SubFactory(CategoryFactory)
    status = ReportStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    base_year = 2023
    historic_start_year = 2019
    forecast_start_year = 2024
    forecast_end_year = 2031
    page_count = 120
    currency = "USD"
    unit = "billion"

    class Params:
        draft = factory.Trait(status=ReportStatus.DRAFT, published_at=None)
        archived = factory.Trait(status=ReportStatus.ARCHIVED)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    report = factory.SubFactory(ReportFactory)
    position = factory.Sequence(lambda n: n)
    kind = SectionKind.OVERVIEW
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "<p>The market grows steadily.</p>"


class TocEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TocEntry

    report = factory.SubFactory(ReportFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Chapter {n}")


class FaqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faq

    report = factory.SubFactory(ReportFactory)
    position = factory.Sequence(lambda n: n)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "<p>An answer.</p>"


class MarketFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketFigure

    report = factory.SubFactory(ReportFactory)
    year = 2024
    value = Decimal("1.0")
    kind = FigureKind.FORECAST


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    website = "https://example.com"
    headquarters = "US"


class ReportCompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportCompany

    report = factory.SubFactory(ReportFactory)
    company = factory.SubFactory(CompanyFactory)
    position = factory.Sequence(lambda n: n)


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    report = factory.SubFactory(ReportFactory)
    tier = LicenceTier.SINGLE
    price = Decimal("3500.00")
    currency = "USD"
    seats = 1


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension
        django_get_or_create = ("slug",)

    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    slug = "type"
    is_geographic = factory.LazyAttribute(lambda o: o.slug == "region")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    dimension = factory.SubFactory(DimensionFactory)
    name = factory.Sequence(lambda n: f"Segment {n}")
    slug = factory.Sequence(lambda n: f"segment-{n}")


class ReportSegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSegment

    report = factory.SubFactory(ReportFactory)
    segment = factory.SubFactory(SegmentFactory)
    position = factory.Sequence(lambda n: n)


# --- Samples and enquiries (enquiries app).
from enquiries.models import Enquiry, SampleRequest  # noqa: E402


class LeadFactory(factory.django.DjangoModelFactory):
    """What a visitor types on either lead form."""

    class Meta:
        abstract = True

    report = factory.SubFactory(ReportFactory)
    full_name = "Jane Doe"
    email = factory.Sequence(lambda n: f"jane.doe{n}@acme-industries.com")
    company = "Acme Industries"
    job_title = "Head of Strategy"
    country = "GB"
    consent = True
    queued_at = factory.LazyFunction(timezone.now)


class SampleRequestFactory(LeadFactory):
    class Meta:
        model = SampleRequest


class EnquiryFactory(LeadFactory):
    class Meta:
        model = Enquiry

    message = "Does the report cover Brazil by application?"


# --- Buying reports (orders app).
from orders.models import Order  # noqa: E402


class OrderFactory(factory.django.DjangoModelFactory):
    """A pending bank-transfer order of a single-user licence, amounts snapshotted from it."""

    class Meta:
        model = Order

    report = factory.SubFactory(ReportFactory)
    licence = factory.SubFactory(LicenceFactory, report=factory.SelfAttribute("..report"))
    report_title = factory.LazyAttribute(lambda o: o.report.title)
    report_code = factory.LazyAttribute(lambda o: o.report.code)
    licence_tier = factory.LazyAttribute(lambda o: o.licence.tier)
    licence_tier_label = factory.LazyAttribute(lambda o: o.licence.get_tier_display())
    licence_seats = factory.LazyAttribute(lambda o: o.licence.seats)
    licence_update_months = factory.LazyAttribute(lambda o: o.licence.update_months)
    currency = factory.LazyAttribute(lambda o: o.licence.currency)
    net_amount = factory.LazyAttribute(lambda o: o.licence.price)
    total_amount = factory.LazyAttribute(lambda o: o.licence.price)
    full_name = "Jane Doe"
    email = factory.Sequence(lambda n: f"buyer{n}@acme-industries.com")
    company = "Acme Industries"
    country = "GB"
    billing_address = "1 High Street\nLondon EC1A 1AA"
    provider = "bank_transfer"


def seed_chart_report(**kwargs):
    """The seed press release's report: USD 2.5 billion in 2020, 4.6 billion in 2027 and
    regional shares NA 40 / Europe 30 / USA 15 / APAC 10 / China 5."""
    kwargs.setdefault("title", "Medical Second Opinion Market")
    report = ReportFactory(code=1541508, slug="medical-second-opinion", **kwargs)
    MarketFigureFactory(report=report, year=2020, value=Decimal("2.5"), kind=FigureKind.HISTORIC)
    MarketFigureFactory(report=report, year=2027, value=Decimal("4.6"), kind=FigureKind.FORECAST)
    region = DimensionFactory(slug="region", name="Region")
    for name, share in [
        ("North America", 40),
        ("Europe", 30),
        ("USA", 15),
        ("Asia Pacific", 10),
        ("China", 5),
    ]:
        ReportSegmentFactory(
            report=report,
            segment=SegmentFactory(dimension=region, name=name),
            share_percent=Decimal(share),
        )
    return report
