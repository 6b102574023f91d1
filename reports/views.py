"""Public, server-rendered catalogue pages: home and report (list pages: ``views_browse``)."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from portal.i18n import language_name, language_versions, to_locale_tag

from . import jsonld, selectors
from .languages import published_languages, show_published_text
from .models import Report
from .search.index import request_search_generation
from .search.related import related_reports

META_DESCRIPTION_LENGTH = 160


def meta_description(text: str) -> str:
    """``text`` on one line, cut to the length search engines show."""
    return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)


PAGE_CACHE_SECONDS = 60 * 60
"""How long a rendered report page is kept; its key changes on every edit anyway."""


def report_page_parts(request: HttpRequest, report: Report) -> dict[str, SafeString]:
    """The page of ``report`` as HTML strings: ``meta`` for the head, ``body`` for the main
    column, and ``related`` (its related reports) after it; from a report whose rows
    ``selectors.report_page_load`` has prefetched. Nothing in them depends on the visitor
    or the request beyond the site settings, so the public view caches them
    (``_cached_page_parts``). In a language the report is not published in, the text
    reads English (``selectors.report_page_load``) under a note saying so, and the
    canonical address is the English page."""
    language = get_language()
    shown_languages = published_languages(report)
    in_language = language in shown_languages
    data = selectors.report_page_data(report)
    context = {
        "report": report,
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
        "jsonld_blocks": jsonld.report_blocks(
            report,
            category_path=data.breadcrumbs,
            language=to_locale_tag(language if in_language else settings.LANGUAGE_CODE),
        ),
        "canonical_path": report.get_absolute_url(),
        "meta_description": meta_description(report.summary or report.headline or report.title),
        "untranslated_language": None if in_language else language_name(language),
        "content_versions": [
            version
            for version in language_versions(report.get_absolute_url())
            if version["code"] in shown_languages
        ],
    }
    if not in_language:
        with override(settings.LANGUAGE_CODE):
            context["canonical_path"] = report.get_absolute_url()
    parts = {
        part: mark_safe(  # noqa: S308 - rendered by our own auto-escaping templates
            render_to_string(f"reports/_report_{part}.html", context, request=request)
        )
        for part in ("meta", "body")
    }
    return {**parts, "related": _related_part(request, report)}


def _related_part(request: HttpRequest, report: Report) -> SafeString:
    related = related_reports(report)
    show_published_text(related)
    return mark_safe(  # noqa: S308 - rendered by our own auto-escaping template
        render_to_string(
            "reports/browse_related.html",
            {"related_reports": related},
            request=request,
        )
    )


def _cached_page_parts(request: HttpRequest, report: Report) -> dict[str, SafeString]:
    """``report_page_parts``, cached in two pieces (``selectors.report_page_head`` reads
    the generations with the report).

    The page itself is keyed on the report's revision and ``updated_at``, and on the names
    generation. Every edit of the report or of a row its page shows changes the first two
    by any path (the services bump the revision; an ORM save stamps ``updated_at``; a
    rebuild of its search document, which every change of its sections, figures, FAQs,
    players, segments, licences or related list runs, stamps it too); a renamed category,
    company, segment or dimension advances the third. The related reports, which depend
    on other reports, are keyed on the listing generation as well, which advances when a
    report is added, deleted or changes what the lists choose by or show (its status,
    title, address, category, dates), or its segments, players or hand-picked related
    reports change. So a cached part is never older than the data it shows, and an edit
    of another report's sections, figures or FAQs leaves every other page cached.
    Without generations (SQLite) nothing is cached."""
    names_generation = getattr(report, "names_generation", 0)
    if not names_generation:
        selectors.report_page_load(report)
        return report_page_parts(request, report)
    stamp = f"{report.pk}:{report.revision}:{report.updated_at.timestamp()}"
    language = get_language()
    key = f"reports:page:{language}:{stamp}:{names_generation}"
    related_key = (
        f"reports:related:{language}:{stamp}:{names_generation}:{report.listing_generation}"
    )
    parts = cache.get(key)
    if parts is None:
        selectors.report_page_load(report)
        parts = report_page_parts(request, report)
        cache.set_many(
            {key: {k: str(parts[k]) for k in ("meta", "body")}, related_key: str(parts["related"])},
            PAGE_CACHE_SECONDS,
        )
        return parts
    related = cache.get(related_key)
    if related is None:
        related = _related_part(request, report)
        cache.set(related_key, str(related), PAGE_CACHE_SECONDS)
    parts = {**parts, "related": related}
    return {k: mark_safe(v) for k, v in parts.items()}  # noqa: S308 - our templates' output


def _page_response(
    request: HttpRequest, report: Report, parts: dict[str, SafeString], *, preview: bool
) -> HttpResponse:
    response = render(
        request,
        "reports/report_detail.html",
        {"report": report, "preview": preview, "page": parts},
    )
    if preview:
        response["X-Robots-Tag"] = "noindex"
        patch_cache_control(response, private=True, no_store=True)
    return response


def render_report_page(
    request: HttpRequest, report: Report, *, preview: bool = False
) -> HttpResponse:
    """Render the page of ``report``, which must come from ``selectors.report_for_page``
    (anything else costs a query per row). Never cached: staff previews use it.

    This does not check the status: the public view does. ``preview=True`` is for staff
    looking at an unpublished report: a banner says so, and the page is kept out of search
    engines and shared caches.
    """
    return _page_response(request, report, report_page_parts(request, report), preview=preview)


def report_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The canonical report page; any other spelling of its address redirects to it.

    One query when the rendered page is cached (the report with the index generations;
    the site navigation is kept per process under one of them), ten when it is not,
    whatever the catalogue size."""
    report = selectors.report_page_head(code=int(code))
    if report is None or not report.is_public:
        raise Http404("No such report.")
    request_search_generation(request, known=getattr(report, "search_generation", None))
    canonical = report.get_absolute_url()
    if request.path != canonical:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)
    return _page_response(request, report, _cached_page_parts(request, report), preview=False)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/home.html",
        {
            "latest": selectors.latest_reports(limit=6),
            "featured": selectors.featured_reports(limit=6),
            "categories": selectors.top_categories(),
            "canonical_path": reverse("reports:home"),
            "meta_description": meta_description(
                _(
                    "Market research reports from %(site)s: market size, share, "
                    "CAGR and forecasts by segment and region, with free samples."
                )
                % {"site": settings.SITE_NAME}
            ),
        },
    )
