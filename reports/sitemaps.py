"""Sitemaps: an index (``/sitemap.xml``) over split sitemaps of reports, categories and
companies, published content only, each URL with its ``lastmod``.

URLs are absolute on ``settings.SITE_URL`` whatever host the crawler asked for.
"""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, Q
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import override

from .category_tree import self_and_ancestor_ids
from .models import Category, Company, Report, ReportStatus


class _SiteSitemap(Sitemap):
    limit = 10000

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


def _published():
    return Report.objects.filter(status=ReportStatus.PUBLISHED)


def _latest_report_update():
    """When a published report last changed: the newest entry of the reports and
    categories sitemaps."""
    return _published().aggregate(latest=Max("updated_at"))["latest"]


class ReportSitemap(_SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return _published().order_by("pk").only("pk", "slug", "code", "updated_at")

    def lastmod(self, report: Report):
        return report.updated_at

    def get_latest_lastmod(self):
        return _latest_report_update()


class CategorySitemap(_SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        """Categories with a published report (directly or below them)."""
        latest = {
            row["category_id"]: row["latest"]
            for row in _published().values("category_id").annotate(latest=Max("updated_at"))
        }
        categories = list(Category.objects.order_by("pk").only("pk", "slug", "parent_id"))
        tree = {category.pk: (category.parent_id,) for category in categories}
        rolled: dict[int, object] = {}
        for pk, stamp in latest.items():
            for node in self_and_ancestor_ids(tree, pk):
                if rolled.get(node) is None or stamp > rolled[node]:
                    rolled[node] = stamp
        for category in categories:
            category.latest = rolled.get(category.pk)
        return [category for category in categories if category.latest is not None]

    def lastmod(self, category: Category):
        return category.latest

    def get_latest_lastmod(self):
        return _latest_report_update()


class CompanySitemap(_SiteSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        """Companies profiled by a published report, dated by the latest such report."""
        published = Q(report_links__report__status=ReportStatus.PUBLISHED)
        return (
            Company.objects.annotate(
                latest=Max("report_links__report__updated_at", filter=published)
            )
            .filter(latest__isnull=False)
            .order_by("pk")
            .only("pk", "slug")
        )

    def lastmod(self, company: Company):
        return company.latest

    def get_latest_lastmod(self):
        return (
            _published()
            .filter(company_links__isnull=False)
            .aggregate(latest=Max("updated_at"))["latest"]
        )


class TranslatedReportSitemap(ReportSitemap):
    """The reports published in one other language, at that language's addresses
    (``/ja/…``): a report not published there has no page of its own in it (its page
    there reads English and names the English one as canonical)."""

    def __init__(self, language: str):
        self.language = language

    def items(self):
        return (
            _published()
            .filter(languages__language=self.language, languages__published_at__isnull=False)
            .order_by("pk")
            .only("pk", "slug", "code", "updated_at")
        )

    def location(self, report: Report) -> str:
        with override(self.language):
            return report.get_absolute_url()

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {
    "reports": ReportSitemap,
    **{
        f"reports-{code}": partial(TranslatedReportSitemap, code)
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE
    },
    "categories": CategorySitemap,
    "companies": CompanySitemap,
}
"""Each section of the index (``/sitemap-<section>.xml``), one per language for reports."""


def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """The sitemap index, every location absolute on ``settings.SITE_URL`` (Django's own
    index view would use the host the crawler asked for); a language no report is
    published in yet is left out."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if isinstance(sitemap, TranslatedReportSitemap) and not sitemap.paginator.count:
            continue
        location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            items.append(
                SitemapIndexItem(location if page == 1 else f"{location}?p={page}", lastmod)
            )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
