from django.utils import translation

from reports.selectors import segment_display_name
from segments.models import Dimension, Segment


def test_country_segments_are_named_from_the_iso_list_in_the_visitors_language():
    region = Dimension(name="Region", slug="region", is_geographic=True)
    germany = Segment(dimension=region, name="Land DE", slug="de", country="DE")
    plain = Segment(dimension=region, name="Europe", slug="europe")

    with translation.override("en"):
        assert segment_display_name(germany) == "Germany"
    with translation.override("de"):
        assert segment_display_name(germany) == "Deutschland"
    with translation.override("en"):
        assert segment_display_name(germany) == "Germany"
    assert segment_display_name(plain) == "Europe"
