from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from portal.links import cached_reverse


def test_a_remembered_address_is_the_one_reverse_gives_under_each_script_prefix():
    expected = reverse(
        "reports:detail", kwargs={"slug": "medical-second-opinion-market", "code": 1}
    )

    assert cached_reverse("reports:detail", slug="medical-second-opinion-market", code=1) == (
        expected
    )
    set_script_prefix("/portal/")
    try:
        assert (
            cached_reverse("reports:category", slug="healthcare")
            == "/portal/categories/healthcare/"
        )
    finally:
        clear_script_prefix()
    assert cached_reverse("reports:category", slug="healthcare") == "/categories/healthcare/"


@override_settings(ROOT_URLCONF="tests.portal.urls_moved_reports")
def test_a_changed_urlconf_forgets_the_remembered_addresses():
    assert cached_reverse("reports:category", slug="healthcare") == "/moved/healthcare/"
