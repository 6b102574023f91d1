"""Finding reports: the search page and the browse pages (category, segment, region,
company), all one faceted list with bookmarkable query-string state, and robots.txt.

A list page is indexable only in its plain form (no query, facet or sort); any other
combination carries ``noindex`` and points its canonical link at the plain page.
Page numbers that are not positive integers or lie past the last page are 404s with a
message, so crawlers never index an endless run of duplicate pages.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from desk.services import unanswered_search_record
from segments.models import Segment

from .models import Company
from .search.engine import PageOutOfRange, search
from .search.index import request_search_generation
from .search.params import SORTS, BadPage, Fixed, SearchParams, parse_params
from .selectors import category_by_slug, category_chain, segment_display_name, subcategories
from .views import meta_description


def _page_missing(request: HttpRequest, message: str, first_page: str) -> HttpResponse:
    return render(
        request,
        "reports/search_missing.html",
        {"message": message, "first_page": first_page},
        status=404,
    )


RESULTS_CACHE_SECONDS = 600


@dataclass(frozen=True)
class ListSummary:
    """What a list page shows of the search outside its cached result list."""

    number: int
    messages: list[str]
    unanswered: bool = False
    """The query as typed found nothing (a correction or similar spellings may have)."""


def _results_cache_key(request: HttpRequest, params: SearchParams, generation: int) -> str:
    """The rendered result list (facets, hits, pages) of this search state, cached under the
    index generation like the counts it shows: a repeated search renders only the page
    around it. Keyed on the parsed state, not the raw address, so tracking or junk
    parameters and their order do not make new entries. Empty (no caching) without a
    generation (SQLite)."""
    if not generation:
        return ""
    state = repr((request.path, params.url(page=params.page), params.messages))
    digest = hashlib.sha256(state.encode()).hexdigest()[:32]
    return f"reports:list:{generation}:{digest}"


def _list_page(
    request: HttpRequest,
    *,
    template: str,
    fixed: Fixed | None = None,
    context: dict,
    description: str,
) -> HttpResponse:
    try:
        params = parse_params(request.GET, fixed=fixed)
    except BadPage:
        return _page_missing(
            request, _("The page number must be a whole number from 1 upwards."), request.path
        )
    generation = request_search_generation(request)
    key = _results_cache_key(request, params, generation)
    cached = cache.get(key) if key else None
    if cached is None:
        try:
            outcome = search(params, generation=generation)
        except PageOutOfRange as missing:
            return _page_missing(
                request,
                ngettext(
                    "There is no page %(number)s: these results have %(count)s page.",
                    "There is no page %(number)s: these results have %(count)s pages.",
                    missing.num_pages,
                )
                % {"number": missing.number, "count": missing.num_pages},
                request.path + params.url(page=1),
            )
        results = render_to_string(
            "reports/search_results.html",
            {**context, "outcome": outcome, "params": params, "sorts": SORTS.items()},
            request=request,
        )
        unanswered = bool(outcome.corrected_query or outcome.similar_only or not outcome.total)
        cached = (ListSummary(outcome.number, outcome.messages, unanswered), results)
        if key:
            cache.set(key, cached, RESULTS_CACHE_SECONDS)
    summary, results = cached
    if params.q and params.page == 1 and summary.unanswered:
        unanswered_search_record(q=params.q)
    canonical = request.path
    if params.is_plain and params.page > 1:
        canonical = f"{canonical}?page={params.page}"
    return render(
        request,
        template,
        {
            **context,
            "outcome": summary,
            "results": mark_safe(results),  # noqa: S308 - rendered by our own template
            "params": params,
            "sorts": SORTS.items(),
            "noindex": not params.is_plain,
            "canonical_path": canonical,
            "meta_description": meta_description(description),
        },
    )


def search_page(request: HttpRequest) -> HttpResponse:
    """``/reports/?q=…``: the whole catalogue, searched and filtered."""
    return _list_page(
        request,
        template="reports/search.html",
        context={},
        description=_(
            "Search every market research report by keyword, industry, segment, "
            "region, year, price and licence."
        ),
    )


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A category's published reports, its subcategories' included."""
    generation = request_search_generation(request)
    category = category_by_slug(slug=slug, generation=generation)
    if category is None:
        raise Http404("No such category.")
    # Translators: heading of a category's page, e.g. "Healthcare market research reports".
    heading = _("%(category)s market research reports") % {"category": category.name}
    return _list_page(
        request,
        template="reports/browse.html",
        fixed=Fixed(category=category),
        context={
            "heading": heading,
            "title": heading,
            "intro": category.description,
            "breadcrumbs": category_chain(category)[:-1],
            "current": category.name,
            "subcategories": subcategories(category, generation=generation),
            "feed_url": f"/feeds/categories/{category.slug}.atom",
            "empty": _("No reports have been published in this category yet."),
        },
        description=category.description
        or _("Market research reports on %(category)s.") % {"category": category.name},
    )


def _segment_page(request: HttpRequest, segment: Segment, *, noun: str) -> HttpResponse:
    name = segment_display_name(segment)
    if noun == "region":
        empty = _("No published report covers this region yet.")
    else:
        empty = _("No published report covers this segment yet.")
    return _list_page(
        request,
        template="reports/browse.html",
        fixed=Fixed(segment=segment),
        context={
            "heading": _("Market research reports covering %(segment)s") % {"segment": name},
            # Translators: page title of a segment's page, e.g. "Oncology – type – market
            # research reports"; the dimension name is in lower case.
            "title": _("%(segment)s – %(dimension)s – market research reports")
            % {"segment": name, "dimension": segment.dimension.name.lower()},
            "intro": segment.description,
            "breadcrumbs": [],
            "current": name,
            "empty": empty,
        },
        description=segment.description
        or _("Market research reports covering %(segment)s: size, share and forecasts.")
        % {"segment": name},
    )


def segment_detail(request: HttpRequest, dimension: str, slug: str) -> HttpResponse:
    """Every published report covering one segment, e.g. type “Cancer”."""
    segment = get_object_or_404(
        Segment.objects.select_related("dimension"), dimension__slug=dimension, slug=slug
    )
    return _segment_page(request, segment, noun="segment")


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A region or country of a geographic dimension, by its slug."""
    segment = (
        Segment.objects.select_related("dimension")
        .filter(dimension__is_geographic=True, slug=slug)
        .order_by("dimension__position", "pk")
        .first()
    )
    if segment is None:
        raise Http404("No such region.")
    return _segment_page(request, segment, noun="region")


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A company's profile and the published reports that list it as a key player."""
    company = get_object_or_404(Company, slug=slug)
    return _list_page(
        request,
        template="reports/browse.html",
        fixed=Fixed(company=company),
        context={
            "heading": company.name,
            "title": _("%(company)s – company profile") % {"company": company.name},
            "company": company,
            "breadcrumbs": [],
            "current": company.name,
            "results_heading": _("Reports profiling %(company)s") % {"company": company.name},
            "empty": _("No published report profiles this company yet."),
        },
        description=company.description
        or _("%(company)s: company profile and the market research reports that cover it.")
        % {"company": company.name},
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")
