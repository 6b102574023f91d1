"""A small fixed catalogue for the search, browse and sitemap tests."""

from datetime import UTC, datetime
from decimal import Decimal

from reports.models import LicenceTier
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    DimensionFactory,
    LicenceFactory,
    ReportCompanyFactory,
    ReportFactory,
    ReportSegmentFactory,
    SectionFactory,
    SegmentFactory,
)


def when(year: int, month: int = 6) -> datetime:
    return datetime(year, month, 1, tzinfo=UTC)


def build_catalogue() -> dict:
    """Three reports about oncology (in the title, the headline, a section), two others,
    and a draft that must never show up anywhere."""
    health = CategoryFactory(name="Healthcare", slug="healthcare")
    oncology = CategoryFactory(name="Oncology", slug="oncology", parent=health)
    energy = CategoryFactory(name="Energy", slug="energy")
    kind = DimensionFactory(slug="type", name="Type", position=1)
    use = DimensionFactory(slug="application", name="Application", position=2)
    region = DimensionFactory(slug="region", name="Region", position=3)
    targeted = SegmentFactory(dimension=kind, name="Targeted Therapy", slug="targeted-therapy")
    hospitals = SegmentFactory(dimension=use, name="Hospitals", slug="hospitals")
    europe = SegmentFactory(dimension=region, name="Europe", slug="europe")
    germany = SegmentFactory(
        dimension=region, name="Germany", slug="germany", country="DE", parent=europe
    )
    secret = SegmentFactory(dimension=kind, name="Secret Segment", slug="secret-segment")
    roche = CompanyFactory(name="Hoffmann Pharma", slug="hoffmann-pharma")
    wind = CompanyFactory(name="Gamesa Windworks", slug="gamesa-windworks")

    def report(title, *, category, year, price, headline="", summary="", **kw):
        made = ReportFactory(
            title=title,
            headline=headline or f"{title}: size and forecast",
            summary=summary or f"The {title.lower()} by type and region.",
            category=category,
            published_at=when(year),
            **kw,
        )
        LicenceFactory(report=made, tier=LicenceTier.SINGLE, price=Decimal(price))
        return made

    drugs = report(
        "Oncology Drugs Market",
        category=oncology,
        year=2024,
        price="3500",
        summary="Chemotherapy and targeted drugs for cancer care.",
    )
    LicenceFactory(report=drugs, tier=LicenceTier.ENTERPRISE, price=Decimal("7000"))
    screening = report(
        "Cancer Screening Market",
        category=oncology,
        year=2023,
        price="2500",
        headline="Cancer screening in oncology clinics: size and forecast",
    )
    panels = report("Solar Panels Market", category=energy, year=2024, price="5500")
    SectionFactory(report=panels, body="<p>Panels power oncology wards in remote areas.</p>")
    turbines = report("Wind Turbine Market", category=energy, year=2022, price="4000")
    draft = report("Oncology Secret Market", category=oncology, year=2024, price="1000", draft=True)

    for item in (drugs, screening):
        ReportSegmentFactory(report=item, segment=hospitals)
    ReportSegmentFactory(report=drugs, segment=targeted)
    ReportSegmentFactory(report=drugs, segment=europe)
    ReportSegmentFactory(report=drugs, segment=germany)
    ReportSegmentFactory(report=panels, segment=europe)
    ReportSegmentFactory(report=draft, segment=secret)
    ReportCompanyFactory(report=drugs, company=roche)
    ReportCompanyFactory(report=turbines, company=wind)
    return {
        "drugs": drugs,
        "screening": screening,
        "panels": panels,
        "turbines": turbines,
        "draft": draft,
        "oncology": oncology,
        "health": health,
        "energy": energy,
        "hospitals": hospitals,
        "europe": europe,
        "germany": germany,
        "roche": roche,
        "wind": wind,
    }
