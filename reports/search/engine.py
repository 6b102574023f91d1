"""Running a search: filters, ranking, snippets, facet counts and spelling suggestions
(what a text query matches is in ``matching``; what the page shows around the hits,
facet groups and chips, is in ``presentation``).

Contract: ``search(params)`` returns a ``SearchOutcome`` whose facet counts are counted over
exactly the result set it pages through (query plus every selected filter), and only ever
over published reports. A fixed number of queries runs per call whatever the catalogue
size: on PostgreSQL two cold (the facet statement, then the page's reports; the caller
reads the generation), a few more to correct a misspelling, one with the counts and ids
cached. The category tree, category rows and segment labels are kept per process under
the generation (``index.generation_memo``).

Speed at 100,000 reports (PostgreSQL), see bench/search.py:
- matching and counting read the narrow ``reports_searchdoc`` table
  (``reports.models.SearchDocument``), through the GIN index on its ``search_vector``;
- relevance ranking reads each candidate's ``rank_vector`` (the document without its
  sections), so for a term matching more than ``RANK_CAP`` reports only the ``RANK_CAP``
  newest matches are ranked (the total is still exact; the page says so and offers
  "newest" to reach the rest). 500 candidates are 41 pages of results; ranking 1,000
  cost a two-word query 5 ms more, a tenth of its time;
- a one-word query for a frequent word reads the counts the database keeps for it
  (``frequent``) instead of counting its matches; words in nearly every report
  ("market") are left out of a query of other words, as stop words are
  (``matching.without_common_words``), so "healthcare market" is such a query too;
- one statement reads the matches once for every facet count, the total and the first
  ``RANK_CAP`` ids in the page's order (``facets``);
- facet counts, the total and those ids are cached under the index generation, which
  every committed index change advances, so a cached count is never stale.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.core.cache import cache
from django.db.models import (
    Exists,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from portal.i18n import english_column
from reports.category_tree import category_tree, descendant_ids
from reports.languages import show_published_text
from reports.models import (
    SEARCH_ONLY_FIELDS,
    Category,
    Licence,
    Report,
    ReportCompany,
    SearchDocument,
    SearchTranslation,
)
from reports.models import ReportStatus as Status
from reports.selectors import category_by_slug, segment_label
from segments.models import ReportSegment, Segment

from .facets import category_counts, first_ids, raw_counts, segment_counts
from .frequent import frequent_word_counts
from .index import generation_memo, is_postgresql, search_generation
from .matching import (
    Matches,
    correction,
    fuzzy_match,
    language_text_match,
    searchable_words,
    set_trigram_threshold,
    ts_query,
    without_common_words,
    words,
)
from .params import PRICE_BUCKETS, SearchParams
from .presentation import Hit, SearchOutcome, chips, facet_groups
from .translated import translated_query

RANK_CAP = 500
FACET_CACHE_SECONDS = 600
_START, _STOP = "\u0002", "\u0003"


class PageOutOfRange(LookupError):
    def __init__(self, number: int, num_pages: int):
        self.number, self.num_pages = number, num_pages
        super().__init__(f"Page {number} of {num_pages}")


# --- Filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChosenSegment:
    """A segment selected in the query string, as its chip and filter need it."""

    pk: int
    value: str
    dimension_name: str
    name: str


@dataclass
class _Resolved:
    """Slugs in the query string resolved to rows; unknown ones are reported and dropped.
    Read from the category rows and segment labels kept under the generation: no query."""

    category: Category | None = None
    segments: list[ChosenSegment] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _resolve(params: SearchParams, generation: int) -> _Resolved:
    resolved = _Resolved()
    if params.category:
        resolved.category = category_by_slug(slug=params.category, generation=generation)
        if resolved.category is None:
            resolved.messages.append(
                _("There is no category “%(slug)s”; it was ignored.") % {"slug": params.category}
            )
    if params.segments:
        labels = segment_labels(generation)
        by_value = {f"{label[0]}:{label[4]}": pk for pk, label in labels.items()}
        for value in params.segments:
            pk = by_value.get(value)
            if pk is None:
                slug = value.split(":", 1)[1]
                resolved.messages.append(
                    _("There is no segment “%(slug)s”; it was ignored.") % {"slug": slug}
                )
                continue
            _dim_slug, dimension_name, *_rest, name, country = labels[pk]
            resolved.segments.append(
                ChosenSegment(pk, value, dimension_name, segment_label(name, country))
            )
    return resolved


def _filtered(params: SearchParams, resolved: _Resolved, tree: dict) -> Matches:
    """The published reports the filters keep: on PostgreSQL as their search documents (the
    narrow table every count and match reads; their pk is the report's id), on SQLite as
    the reports themselves."""
    if is_postgresql():
        reports = SearchDocument.objects.filter(is_published=True)
    else:
        reports = Report.objects.filter(status=Status.PUBLISHED)
    fixed = params.fixed
    for category in (fixed.category, resolved.category):
        if category is not None:
            reports = reports.filter(category_id__in=descendant_ids(tree, category.pk))
    for segment in [fixed.segment, *resolved.segments]:
        if segment is None:
            continue
        if is_postgresql():
            reports = reports.filter(facet_segments__contains=[segment.pk])
        else:
            reports = reports.filter(
                Exists(ReportSegment.objects.filter(report=OuterRef("pk"), segment_id=segment.pk))
            )
    if fixed.company is not None:
        reports = reports.filter(
            Exists(ReportCompany.objects.filter(report=OuterRef("pk"), company=fixed.company))
        )
    if params.year:
        reports = reports.filter(
            published_at__gte=datetime(params.year, 1, 1, tzinfo=UTC),
            published_at__lt=datetime(params.year + 1, 1, 1, tzinfo=UTC),
        )
    if params.price:
        _label, low, high = PRICE_BUCKETS[params.price]
        if low is not None:
            reports = reports.filter(price_from__gte=low)
        if high is not None:
            reports = reports.filter(price_from__lt=high)
    if params.licence:
        reports = reports.filter(
            Exists(Licence.objects.filter(report=OuterRef("pk"), tier=params.licence))
        )
    return reports


# --- Facets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryScope:
    """Every published report under these categories (None: the whole catalogue)."""

    category_ids: list[int] | None


@dataclass(frozen=True)
class WordScope:
    """Every published report matching the text query ``q``, with no filter: if ``q`` is
    one frequent word its counts are kept by the database (``frequent``)."""

    q: str


@dataclass(frozen=True)
class SegmentScope:
    """Every published report covering one segment: its counts are kept by the database."""

    segment_id: int


Scope = CategoryScope | WordScope | SegmentScope | None


def _scope(
    params: SearchParams, resolved: _Resolved, tree: dict, q_used: str, *, english_only: bool
) -> Scope:
    """The result set as a ``CategoryScope`` when it is exactly the published reports of
    one category and its descendants, or of the whole catalogue (no text query, no other
    facet); as a ``SegmentScope`` when it is exactly those covering one segment; as a
    ``WordScope`` when it is exactly the matches of a text query in English
    (``english_only``). Their counts may then be summed from counts the database keeps
    (PostgreSQL). None otherwise."""
    fixed = params.fixed
    categories = {c.pk for c in (fixed.category, resolved.category) if c is not None}
    segments = {s.pk for s in (fixed.segment, *resolved.segments) if s is not None}
    if (
        not is_postgresql()
        or params.year
        or params.price
        or params.licence
        or fixed.company is not None
        or len(categories) > 1
        or len(segments) > 1
        or (categories and segments)
    ):
        return None
    if q_used:
        return None if categories or segments or not english_only else WordScope(q_used)
    if segments:
        return SegmentScope(next(iter(segments)))
    if not categories:
        return CategoryScope(None)
    return CategoryScope(descendant_ids(tree, next(iter(categories))))


def _facet_counts(
    matched: Matches,
    generation: int,
    *,
    order: tuple[str, str] | None = None,
    scope: Scope = None,
) -> tuple[dict, list[int] | None]:
    """Plain, cacheable counts over ``matched`` (ids and labels, no URLs), and the first
    ``RANK_CAP`` ids in ``order`` if asked (``facets.raw_counts``): one query on
    PostgreSQL, plus the segments' labels once per generation. With a ``scope``
    (``_scope``) the counts are summed from the per-category or per-segment counts, or
    from the counts kept for a frequent word (whose first ids are then read on their
    own), instead."""
    counts, ids = None, None
    if isinstance(scope, CategoryScope):
        counts = category_counts(scope.category_ids)
    elif isinstance(scope, SegmentScope):
        counts = segment_counts(scope.segment_id)
    elif isinstance(scope, WordScope):
        counts = frequent_word_counts(scope.q, generation)
        if counts is not None and order is not None:
            ids = first_ids(matched, order, RANK_CAP, counts)
    if counts is None:
        counts, ids = raw_counts(matched, order=order, cap=RANK_CAP)
    labels = segment_labels(generation)
    counts["segments"] = [
        (pk, *labels[pk][:5], segment_label(*labels[pk][5:]), n)
        for pk, n in counts["segments"].items()
        if pk in labels
    ]
    return counts, ids


def segment_labels(generation: int) -> dict[int, tuple]:
    """segment id → (dimension slug, dimension name, geographic, parent id, slug, name,
    country code) for every segment: what a facet option shows and links to. A few
    hundred rows, read whole and kept per process under the index generation (which a
    renamed segment or dimension advances) instead of fetched as models per search."""

    def read() -> dict[int, tuple]:
        rows = Segment.objects.values_list(
            "pk",
            "dimension__slug",
            "dimension__name",
            "dimension__is_geographic",
            "parent_id",
            "slug",
            "name",
            "country",
        )
        return {pk: (*rest[:-1], rest[-1] or "") for pk, *rest in rows}

    return generation_memo(f"segment-labels:{get_language()}", generation, read)


def _cache_key(params: SearchParams, q_used: str, generation: int) -> str:
    """Empty where there is no generation to key on (SQLite): nothing is cached there."""
    if not generation:
        return ""
    digest = hashlib.sha256(repr((params.cache_key_parts(), q_used)).encode()).hexdigest()[:32]
    return f"reports:search:{generation}:{get_language()}:{digest}"


def _applied_sort(params: SearchParams, q: str) -> str:
    """The order the results are in: the chosen one, except that relevance needs a text
    query and falls back to newest without one (a query with no letters, or one of words
    in nearly every report, is dropped)."""
    sort = params.effective_sort
    return sort if q or sort != "relevance" else "newest"


def _ids_key(key: str, params: SearchParams) -> str:
    """Where the first ``RANK_CAP`` ids in the page's order are cached beside the counts."""
    return f"{key}:ids:{params.effective_sort}"


def _cached_facet_counts(
    params: SearchParams,
    matched: Matches,
    q_used: str,
    generation: int,
    *,
    order_q: str | None = None,
    scope: Scope = None,
) -> dict:
    """The counts of ``_facet_counts``, cached. With ``order_q`` (the text query, or ""
    for none) the first ids in the page's order come from the same statement and are
    cached for ``_page_hits`` under the same key (PostgreSQL, unless the counts come
    from a category or segment ``scope``)."""
    key = _cache_key(params, q_used, generation)
    if not key:
        return _facet_counts(matched, generation, scope=scope)[0]
    counts = cache.get(key + ":facets")
    if counts is None:
        order = (_applied_sort(params, order_q), order_q) if order_q is not None else None
        counts, ids = _facet_counts(matched, generation, order=order, scope=scope)
        values = {key + ":facets": counts}
        if ids is not None:
            values[_ids_key(key, params)] = ids
        cache.set_many(values, FACET_CACHE_SECONDS)
    return counts


# --- Results ---------------------------------------------------------------------------------


def _snippet(text: str) -> SafeString:
    return mark_safe(  # noqa: S308 - the text is escaped first, only our markers become tags
        escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


def _python_snippet(text: str, q: str) -> SafeString:
    wanted = sorted({w for w in words(q) if len(w) > 1}, key=len, reverse=True)
    if not wanted:
        return _snippet(text)
    pattern = re.compile("|".join(re.escape(w) for w in wanted), re.IGNORECASE)
    return _snippet(pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", text))


def _unindexed(field: str):
    """``field`` as an expression no b-tree index provides: with a text query PostgreSQL
    must then collect the matches from the GIN index and sort them (a few ms), instead of
    walking a date or price index and testing each row's vector until enough match."""
    return Coalesce(field, field)


def _rank(q: str):
    """A report's relevance to ``q``: by its English text (``rank_vector``), or in another
    language by its text there where that ranks it higher (a word in the Japanese title
    outranks one in a Japanese section; English ranks no Japanese word at all)."""
    english = SearchRank(F("rank_vector"), ts_query(q))
    language = get_language()
    query = translated_query(q, language) if language != settings.LANGUAGE_CODE else None
    if query is None:
        return english
    translated = SearchTranslation.objects.filter(report=OuterRef("pk"), language=language)
    rank = translated.annotate(rank=SearchRank(F("search_vector"), query)).values("rank")[:1]
    return Greatest(english, Coalesce(Subquery(rank), Value(0.0), output_field=FloatField()))


def _ordered(matched: Matches, params: SearchParams, q: str) -> QuerySet:
    """``matched`` in the chosen order; by relevance only the ``RANK_CAP`` newest matches
    are ranked."""
    sort = _applied_sort(params, q)
    postgres_text = bool(q) and is_postgresql()
    newest = (
        [_unindexed("published_at").desc(), "-pk"] if postgres_text else ["-published_at", "-pk"]
    )
    if sort == "relevance" and postgres_text:
        candidates = matched.order_by(*newest).values("pk")[:RANK_CAP]
        reports = Report.objects.filter(pk__in=candidates).annotate(rank=_rank(q))
        return reports.order_by("-rank", "-published_at", "-pk")
    if sort == "price":
        price = _unindexed("price_from") if postgres_text else F("price_from")
        return matched.order_by(price.asc(nulls_last=True), "pk")
    return matched.order_by(*newest)


def _page_hits(
    matched: Matches, params: SearchParams, q: str, offset: int, size: int, key: str
) -> tuple[list[Hit], int]:
    """The page's reports in the chosen order with snippets; and how many were ranked.

    On PostgreSQL the first ``RANK_CAP`` ids in order are cached under ``key`` (which
    carries the index generation): the facet statement put them there, or, for a text
    query, they are read here. Paging and repeating a search then cost one primary-key
    fetch. Otherwise (a category's or segment's counts summed from the counts kept for
    it, SQLite, a deep page) the page is read in order with an offset.
    """
    postgres_text = bool(q) and is_postgresql()
    english_snippet = postgres_text and get_language() == settings.LANGUAGE_CODE
    ranked_only = RANK_CAP if postgres_text and _applied_sort(params, q) == "relevance" else 0
    within_ids = bool(key) and offset + size <= RANK_CAP
    ids_key = _ids_key(key, params)
    ids = cache.get(ids_key) if within_ids else None
    if ids is None and postgres_text and within_ids:
        ids = list(_ordered(matched, params, q).values_list("pk", flat=True)[:RANK_CAP])
        cache.set(ids_key, ids, FACET_CACHE_SECONDS)
    if ids is not None:
        page_ids = ids[offset : offset + size]
        reports = Report.objects.filter(pk__in=page_ids)
        position = {pk: i for i, pk in enumerate(page_ids)}
    elif (ordered := _ordered(matched, params, q)).model is Report:
        reports, position = ordered[offset : offset + size], None
    else:
        page_ids = list(ordered.values_list("pk", flat=True)[offset : offset + size])
        reports = Report.objects.filter(pk__in=page_ids)
        position = {pk: i for i, pk in enumerate(page_ids)}
    reports = reports.select_related("category").defer(*SEARCH_ONLY_FIELDS)
    if english_snippet:
        reports = reports.annotate(
            snippet=SearchHeadline(
                Concat(
                    english_column("headline"),
                    Value(" — "),
                    english_column("summary"),
                    output_field=TextField(),
                ),
                ts_query(q),
                config="english",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=40,
                min_words=20,
            )
        )
    rows = list(reports)
    if position is not None:
        rows.sort(key=lambda report: position[report.pk])
    show_published_text(rows)
    hits = []
    for report in rows:
        if hasattr(report, "snippet"):
            snippet = _snippet(report.snippet)
        elif q:
            snippet = _python_snippet(report.summary or report.headline, q)
        else:
            snippet = escape(report.summary)
        hits.append(Hit(report, mark_safe(snippet)))  # noqa: S308 - built from escaped text
    return hits, ranked_only


def search(
    params: SearchParams, *, per_page: int | None = None, generation: int | None = None
) -> SearchOutcome:
    """Run ``params``. Raises ``PageOutOfRange`` for a page past the last one.
    ``generation`` is the index generation if the caller has just read it."""
    per_page = per_page or settings.REPORTS_PER_PAGE
    if generation is None:
        generation = search_generation()
    tree = category_tree(generation)
    resolved = _resolve(params, generation)
    filtered = _filtered(params, resolved, tree)
    messages = [*params.messages, *resolved.messages]

    q_used, corrected, suggestion, similar = params.q, "", "", False
    if params.q and not words(params.q):
        messages.append(_("Your search had no letters or digits to look for, so it was ignored."))
        q_used = ""
    elif params.q and not searchable_words(params.q):
        messages.append(
            _(
                "Your search had only words too common to look for (such as “the”), so it was "
                "ignored."
            )
        )
        q_used = ""
    if q_used and is_postgresql():
        q_used, common = without_common_words(q_used, generation)
        if common and not q_used:
            messages.append(
                _(
                    "“%(query)s” is in nearly every report, so every report is listed. "
                    "Add a more specific word to narrow the list."
                )
                % {"query": params.q}
            )
        elif common:
            # Translators: one word of the search, quoted.
            quoted = get_text_list([_("“%(word)s”") % {"word": word} for word in common], _("and"))
            messages.append(
                # Translators: %(words)s is one quoted word, or several joined by "and".
                ngettext(
                    "%(words)s is in nearly every report, so the search left it out.",
                    "%(words)s are in nearly every report, so the search left them out.",
                    len(common),
                )
                % {"words": quoted}
            )

    def matched_and_counted(q: str) -> tuple[Matches, dict]:
        """The reports ``q`` (or no query) keeps, and their counts with the first ids."""
        matches, english_only = language_text_match(filtered, q) if q else (filtered, True)
        scope = _scope(params, resolved, tree, q, english_only=english_only)
        return matches, _cached_facet_counts(params, matches, q, generation, order_q=q, scope=scope)

    matched, counts = matched_and_counted(q_used)

    if q_used and counts["total"] == 0:
        correction_key = _cache_key(params, f"?{q_used}", generation)
        suggestion = cache.get(correction_key) if correction_key else None
        if suggestion is None:
            suggestion = correction(q_used, filtered)
            if correction_key:
                cache.set(correction_key, suggestion, FACET_CACHE_SECONDS)
        if suggestion:
            retry, retry_counts = matched_and_counted(suggestion)
            if retry_counts["total"]:
                matched, counts, corrected = retry, retry_counts, suggestion
        if not corrected and is_postgresql() and any(len(w) > 2 for w in words(q_used)):
            set_trigram_threshold()
            fuzzy = fuzzy_match(filtered, q_used)
            fuzzy_counts = _cached_facet_counts(params, fuzzy, f"~{q_used}", generation)
            if fuzzy_counts["total"]:
                matched, counts, similar = fuzzy, fuzzy_counts, True

    total = counts["total"]
    reachable = total
    if _applied_sort(params, q_used) == "relevance" and is_postgresql():
        reachable = min(total, RANK_CAP)
    num_pages = max(1, -(-reachable // per_page))
    if params.page > num_pages:
        raise PageOutOfRange(params.page, num_pages)
    snippet_q = corrected or q_used
    key = _cache_key(params, f"~{q_used}" if similar else snippet_q, generation)
    hits, ranked_only = _page_hits(
        matched, params, snippet_q, (params.page - 1) * per_page, per_page, key
    )
    return SearchOutcome(
        params=params,
        hits=hits,
        total=total,
        number=params.page,
        num_pages=num_pages,
        facets=facet_groups(params, counts, tree),
        chips=chips(params, resolved),
        corrected_query=corrected,
        similar_only=similar,
        suggestion=suggestion if not corrected else "",
        ranked_only=ranked_only if total > ranked_only else 0,
        messages=messages,
    )
