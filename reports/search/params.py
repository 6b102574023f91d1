"""The search state, read from and written back to the query string.

Every piece of state lives in the query string so a result page can be bookmarked and
works without JavaScript. Bad values never raise: they are dropped with a message the
page shows, except page numbers, which the views turn into a 404 with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reports.models import LicenceTier

MAX_QUERY_LENGTH = 200
MAX_SEGMENTS = 8
SORTS = {
    # Translators: a sort order of the search results (the best matches first).
    "relevance": gettext_lazy("Relevance"),
    # Translators: a sort order of the search results (the most recently published first).
    "newest": gettext_lazy("Newest"),
    "price": gettext_lazy("Price (lowest first)"),
}
PRICE_BUCKETS = {
    # Translators: a price range of the search filter, in the site's default currency.
    "under-3000": (gettext_lazy("Under 3,000"), None, 3000),
    # Translators: a price range of the search filter, in the site's default currency.
    "3000-5000": (gettext_lazy("3,000 to 4,999"), 3000, 5000),
    # Translators: a price range of the search filter, in the site's default currency.
    "5000-plus": (gettext_lazy("5,000 and more"), 5000, None),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SEGMENT = re.compile(r"^([-\w]{1,80}):([-\w]{1,120})$")
_SLUG = re.compile(r"^[-\w]{1,200}$")


class BadPage(ValueError):
    """The ``page`` parameter is not a positive integer."""


@dataclass(frozen=True)
class Fixed:
    """What a browse page always filters on; not in the query string and not removable."""

    category: object = None
    segment: object = None
    company: object = None


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    category: str = ""
    segments: tuple[str, ...] = ()
    year: int | None = None
    price: str = ""
    licence: str = ""
    sort: str = ""
    page: int = 1
    fixed: Fixed = field(default_factory=Fixed)
    messages: tuple[str, ...] = ()

    @property
    def effective_sort(self) -> str:
        if self.sort in SORTS and (self.sort != "relevance" or self.q):
            return self.sort
        return "relevance" if self.q else "newest"

    @property
    def has_facets(self) -> bool:
        return bool(self.category or self.segments or self.year or self.price or self.licence)

    @property
    def is_plain(self) -> bool:
        """No query, no facet, default sort: the page search engines should index."""
        return not (self.q or self.has_facets or self.sort)

    def cache_key_parts(self) -> tuple:
        fixed = tuple(getattr(obj, "pk", None) for obj in (*vars(self.fixed).values(),))
        return (self.q, self.category, self.segments, self.year, self.price, self.licence, fixed)

    def query_items(self, **changes) -> list[tuple[str, str]]:
        """The query-string pairs of this state with ``changes`` (field name → value).
        Built field by field rather than through ``dataclasses.replace``: a result page
        makes about eighty of these links, and copying the state for each cost more than
        writing it out."""
        state = self._query_state()
        if unknown := changes.keys() - state.keys():
            raise TypeError(f"Not part of the query string: {', '.join(sorted(unknown))}")
        state.update(changes)
        items = [("q", state["q"])] if state["q"] else []
        items += [("category", state["category"])] if state["category"] else []
        items += [("segment", value) for value in state["segments"]]
        items += [("year", str(state["year"]))] if state["year"] else []
        items += [("price", state["price"])] if state["price"] else []
        items += [("licence", state["licence"])] if state["licence"] else []
        items += [("sort", state["sort"])] if state["sort"] else []
        items += [("page", str(state["page"]))] if state["page"] > 1 else []
        return items

    def _query_state(self) -> dict:
        return {
            "q": self.q,
            "category": self.category,
            "segments": self.segments,
            "year": self.year,
            "price": self.price,
            "licence": self.licence,
            "sort": self.sort,
            "page": self.page,
        }

    def url(self, **changes) -> str:
        """``?…`` for this state with ``changes``; facet changes go back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        return "?" + urlencode(self.query_items(**changes))

    def toggle_segment(self, value: str) -> str:
        if value in self.segments:
            return self.url(segments=tuple(s for s in self.segments if s != value))
        return self.url(segments=(*self.segments, value))


def parse_page(raw: str | None) -> int:
    raw = "1" if raw is None else raw
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise BadPage(raw)
    return int(raw)


def parse_params(query: QueryDict, *, fixed: Fixed | None = None) -> SearchParams:
    """The search state of ``query``; raises ``BadPage`` for a page that is not a positive
    integer. Anything else unusable is dropped and explained in ``messages``."""
    messages: list[str] = []
    page = parse_page(query.get("page"))

    q = " ".join(_CONTROL.sub(" ", query.get("q", "")).split())
    if len(q) > MAX_QUERY_LENGTH:
        messages.append(
            ngettext(
                "Your search was %(length)s character long; searches are limited to "
                "%(limit)s. Shorten it and try again.",
                "Your search was %(length)s characters long; searches are limited to "
                "%(limit)s. Shorten it and try again.",
                len(q),
            )
            % {"length": len(q), "limit": MAX_QUERY_LENGTH}
        )
        q = ""

    category = query.get("category", "")
    if category and not _SLUG.match(category):
        messages.append(_("That category is not valid and was ignored."))
        category = ""

    segments: list[str] = []
    for value in query.getlist("segment"):
        if not _SEGMENT.match(value):
            messages.append(_("A segment filter was not valid and was ignored."))
        elif value not in segments:
            segments.append(value)
    if len(segments) > MAX_SEGMENTS:
        messages.append(
            ngettext(
                "Only the first %(count)s segment filter was applied.",
                "Only the first %(count)s segment filters were applied.",
                MAX_SEGMENTS,
            )
            % {"count": MAX_SEGMENTS}
        )
        segments = segments[:MAX_SEGMENTS]

    year = None
    raw_year = query.get("year", "")
    if raw_year:
        if raw_year.isascii() and raw_year.isdigit() and 1900 <= int(raw_year) <= 2200:
            year = int(raw_year)
        else:
            messages.append(_("The publication year must be a year such as 2024; it was ignored."))

    price = query.get("price", "")
    if price and price not in PRICE_BUCKETS:
        messages.append(_("That price range is not one we offer; it was ignored."))
        price = ""

    licence = query.get("licence", "")
    if licence and licence not in LicenceTier.values:
        messages.append(_("That licence type is not one we offer; it was ignored."))
        licence = ""

    sort = query.get("sort", "")
    if sort and sort not in SORTS:
        messages.append(_("That sort order is not available; results are in the default order."))
        sort = ""

    return SearchParams(
        q=q,
        category=category,
        segments=tuple(segments),
        year=year,
        price=price,
        licence=licence,
        sort=sort,
        page=page,
        fixed=fixed or Fixed(),
        messages=tuple(messages),
    )
