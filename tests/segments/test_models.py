from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from segments.models import Segment
from tests.factories import DimensionFactory, ReportSegmentFactory, SegmentFactory

pytestmark = pytest.mark.django_db


def _violates(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_share_is_between_0_and_100():
    assert _violates(lambda: ReportSegmentFactory(share_percent=Decimal("100.01")))
    assert _violates(lambda: ReportSegmentFactory(share_percent=Decimal("-1")))
    assert not _violates(lambda: ReportSegmentFactory(share_percent=Decimal("100")))


def test_a_segment_value_needs_its_year():
    assert _violates(lambda: ReportSegmentFactory(value=Decimal("1.2"), value_year=None))
    assert not _violates(lambda: ReportSegmentFactory(value=Decimal("1.2"), value_year=2024))


def test_a_country_appears_once_per_dimension():
    region = DimensionFactory(slug="region")
    SegmentFactory(dimension=region, name="Argentina", slug="argentina", country="AR")

    assert _violates(
        lambda: SegmentFactory(dimension=region, name="Argentine", slug="argentine", country="AR")
    )


@pytest.mark.smoke
def test_only_iso_countries_can_be_entered_as_countries():
    region = DimensionFactory(slug="region")
    latin_america = SegmentFactory(dimension=region, name="Latin America", slug="latin-america")
    for bogus in ["Argentina Korea", "Korea", "Saudi", "ZZ"]:
        segment = Segment(
            dimension=region, parent=latin_america, name=bogus, slug="x", country=bogus
        )
        with pytest.raises(ValidationError) as caught:
            segment.full_clean()
        assert "country" in caught.value.message_dict


def test_a_segment_inside_a_region_must_be_a_country():
    region = DimensionFactory(slug="region")
    europe = SegmentFactory(dimension=region, name="Europe", slug="europe")
    nameless = Segment(dimension=region, parent=europe, name="Somewhere", slug="somewhere")

    with pytest.raises(ValidationError) as caught:
        nameless.full_clean()
    assert "country" in caught.value.message_dict

    germany = Segment(dimension=region, parent=europe, name="Germany", slug="de", country="DE")
    germany.full_clean()
    assert germany.country.name == "Germany"


def test_only_geographic_dimensions_hold_countries_and_parents_share_the_dimension():
    kind = DimensionFactory(slug="type")
    region = DimensionFactory(slug="region")
    europe = SegmentFactory(dimension=region, name="Europe", slug="europe")

    with pytest.raises(ValidationError):
        Segment(dimension=kind, name="France", slug="fr", country="FR").full_clean()
    with pytest.raises(ValidationError):
        Segment(dimension=kind, parent=europe, name="Hospitals", slug="h").full_clean()
