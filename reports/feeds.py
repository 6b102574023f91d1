"""Atom and RSS feeds of newly published reports, for the whole catalogue and per category.

Only published reports appear, newest publication first; links are absolute on the
request's host (Django's syndication framework). Each language has its feeds at its prefix
(``/ja/feeds/reports.atom``), listing the reports published in it.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Category, Report
from .selectors import category_by_slug, category_descendant_ids, published_reports

FEED_LENGTH = 30


class LatestReportsFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = None

    def title(self, obj: Category | None = None) -> str:
        if obj is not None:
            return _("New market research reports in %(category)s – %(site)s") % {
                "category": obj.name,
                "site": settings.SITE_NAME,
            }
        return _("New market research reports – %(site)s") % {"site": settings.SITE_NAME}

    def link(self, obj: Category | None = None) -> str:
        return obj.get_absolute_url() if obj is not None else reverse("reports:search")

    def description(self, obj: Category | None = None) -> str:
        return self.title(obj)

    subtitle = description

    def items(self, obj: Category | None = None) -> list[Report]:
        """The newest published reports; at another language's address (``/ja/feeds/…``)
        those published in that language, in it."""
        reports = published_reports()
        language = get_language()
        if language != settings.LANGUAGE_CODE:
            reports = reports.filter(
                languages__language=language, languages__published_at__isnull=False
            )
        if obj is not None:
            reports = reports.filter(category_id__in=category_descendant_ids(obj))
        return list(reports.order_by("-published_at", "-id")[:FEED_LENGTH])

    def item_title(self, item: Report) -> str:
        return item.title

    def item_description(self, item: Report) -> str:
        return item.summary or item.headline

    def item_pubdate(self, item: Report):
        return item.published_at

    def item_updateddate(self, item: Report):
        return item.updated_at

    def item_categories(self, item: Report) -> list[str]:
        return [item.category.name]

    def item_guid(self, item: Report) -> str:
        return f"{settings.SITE_URL}/r{item.code}"

    item_guid_is_permalink = False


class LatestReportsAtomFeed(LatestReportsFeed):
    feed_type = Atom1Feed


class CategoryReportsAtomFeed(LatestReportsAtomFeed):
    def get_object(self, request, slug: str) -> Category:
        category = category_by_slug(slug=slug)
        if category is None:
            raise Http404("No such category.")
        return category
