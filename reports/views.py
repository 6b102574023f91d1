"""Public, server-rendered catalogue pages: home and report (list pages: ``views_browse``)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator

from . import jsonld, selectors, views_browse
from .models import Report
from .search.related import related_reports

META_DESCRIPTION_LENGTH = 160


def _meta_description(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)


def render_report_page(
    request: HttpRequest, report: Report, *, preview: bool = False
) -> HttpResponse:
    """Render the page of ``report``, which must come from ``selectors.report_for_page``
    (anything else costs a query per row).

    This does not check the status: the public view does. ``preview=True`` is for staff
    looking at an unpublished report: a banner says so, and the page is kept out of search
    engines and shared caches.
    """
    data = selectors.report_page_data(report)
    context = {
        "report": report,
        "preview": preview,
        "breadcrumbs": data.breadcrumbs,
        "market_figures": data.market_figures,
        "segment_figures": data.segment_figures,
        "cagr": data.cagr,
        "single_figure": data.market_figures[0] if len(data.market_figures) == 1 else None,
        "segmentation": data.segmentation,
        "regional": data.regional,
        "toc": data.toc,
        "sections": list(report.sections.all()),
        "faqs": list(report.faqs.all()),
        "players": list(report.company_links.all()),
        "licences": list(report.licences.all()),
        "related_reports": related_reports(report),
        "jsonld_blocks": jsonld.report_blocks(report, category_path=data.breadcrumbs),
        "canonical_path": report.get_absolute_url(),
        "meta_description": _meta_description(report.summary or report.headline or report.title),
    }
    response = render(request, "reports/report_detail.html", context)
    if preview:
        response["X-Robots-Tag"] = "noindex"
        patch_cache_control(response, private=True, no_store=True)
    return response


def report_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The canonical report page; any other spelling of its address redirects to it."""
    report = selectors.report_for_page(code=int(code))
    if report is None or not report.is_public:
        raise Http404("No such report.")
    canonical = report.get_absolute_url()
    if request.path != canonical:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)
    return render_report_page(request, report)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/home.html",
        {
            "latest": selectors.latest_reports(limit=6),
            "featured": selectors.featured_reports(limit=6),
            "categories": selectors.top_categories(),
            "canonical_path": "/",
            "meta_description": _meta_description(
                f"Market research reports from {settings.SITE_NAME}: market size, share, "
                "CAGR and forecasts by segment and region, with free samples."
            ),
        },
    )


category_detail = views_browse.category_detail
company_detail = views_browse.company_detail
