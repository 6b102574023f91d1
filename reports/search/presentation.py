"""What a search page shows besides its hits: the facet groups with their counts and
links, the chips of selected filters, and the outcome the templates render. Pure
functions of the query-string state and the counts ``engine`` computed; no queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.formatting import whole_number_grouper
from reports.category_tree import self_and_ancestor_ids
from reports.models import LicenceTier, Report

from .params import PRICE_BUCKETS, SearchParams

if TYPE_CHECKING:
    from .engine import _Resolved as Resolved

SEGMENT_FACET_LIMIT = 12


@dataclass
class Hit:
    report: Report
    snippet: SafeString


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool = False
    depth: int = 0
    count_label: str = ""
    """``count`` grouped for display (set by ``facet_groups``)."""


@dataclass
class FacetGroup:
    key: str
    label: str
    options: list[FacetOption]


@dataclass
class Chip:
    """A selected filter, with the address that removes it."""

    label: str
    remove_url: str


@dataclass
class SearchOutcome:
    params: SearchParams
    hits: list[Hit]
    total: int
    number: int
    num_pages: int
    facets: list[FacetGroup] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    corrected_query: str = ""
    similar_only: bool = False
    suggestion: str = ""
    ranked_only: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def suggestion_url(self) -> str:
        return self.params.url(q=self.suggestion)

    @property
    def previous_url(self) -> str:
        return self.params.url(page=self.number - 1)

    @property
    def next_url(self) -> str:
        return self.params.url(page=self.number + 1)


def _toggle_options(
    params: SearchParams, name: str, choices, counts: dict, *, cleared=""
) -> list[FacetOption]:
    """One option per ``(value, label)`` of ``choices`` that has matches: choosing it sets
    the state's ``name`` to ``value``; choosing the selected one again sets ``cleared``."""
    current = getattr(params, name)
    return [
        FacetOption(
            label,
            counts[value],
            params.url(**{name: cleared if current == value else value}),
            current == value,
        )
        for value, label in choices
        if counts.get(value)
    ]


def facet_groups(params: SearchParams, counts: dict, tree: dict) -> list[FacetGroup]:
    groups = []
    rolled: dict[int, int] = {}
    for pk, n in counts["categories"].items():
        for node in self_and_ancestor_ids(tree, pk):
            rolled[node] = rolled.get(node, 0) + n
    fixed_root = params.fixed.category.pk if params.fixed.category is not None else None

    def depth(pk: int) -> int:
        level, node = 0, tree[pk][0]
        while node is not None and node != fixed_root and level < 5:
            level, node = level + 1, tree.get(node, (None,))[0]
        return level

    def ordered(parent, level=0):
        for pk in sorted((k for k, v in tree.items() if v[0] == parent), key=lambda k: tree[k][1]):
            if rolled.get(pk):
                yield pk
                yield from ordered(pk, level + 1)

    start = fixed_root if fixed_root is not None else None
    options = [
        FacetOption(
            label=tree[pk][1],
            count=rolled[pk],
            url=params.url(category="" if params.category == tree[pk][2] else tree[pk][2]),
            selected=params.category == tree[pk][2],
            depth=depth(pk),
        )
        for pk in ordered(start)
    ]
    if options:
        # Translators: heading of the search filter listing the industries (categories).
        groups.append(FacetGroup("category", _("Category"), options))

    by_group: dict[tuple, list] = {}
    for pk, dim_slug, dim_name, geographic, parent, slug, name, n in counts["segments"]:
        if params.fixed.segment is not None and pk == params.fixed.segment.pk:
            continue
        if geographic:
            key = (dim_slug, "Country" if parent else "Region", True)
        else:
            key = (dim_slug, dim_name, False)
        by_group.setdefault(key, []).append((n, name, f"{dim_slug}:{slug}"))
    geography_first = {"Region": 0, "Country": 1}
    geography_labels = {
        # Translators: heading of the search filter listing countries.
        "Country": _("Country"),
        # Translators: heading of the search filter listing world regions (e.g. "Europe").
        "Region": _("Region"),
    }
    for (dim_slug, label, geographic), rows in sorted(
        by_group.items(), key=lambda kv: (geography_first.get(kv[0][1], 2), kv[0][1], kv[0][0])
    ):
        rows.sort(key=lambda row: (-row[0], row[1]))
        shown = [r for r in rows if r[2] in params.segments] + [
            r for r in rows[:SEGMENT_FACET_LIMIT] if r[2] not in params.segments
        ]
        groups.append(
            FacetGroup(
                f"segment-{dim_slug}-{label.lower()}",
                geography_labels[label] if geographic else label,
                [
                    FacetOption(name, n, params.toggle_segment(value), value in params.segments)
                    for n, name, value in shown
                ],
            )
        )

    years = [(year, str(year)) for year, _count in counts["years"] if year]
    prices = [(key, label) for key, (label, _low, _high) in PRICE_BUCKETS.items()]
    for key, label, options in [
        (
            "year",
            _("Publication year"),
            _toggle_options(params, "year", years, dict(counts["years"]), cleared=None),
        ),
        (
            "price",
            # Translators: heading of the price filter; %(currency)s is a code such as USD.
            _("Price (%(currency)s)") % {"currency": settings.REPORT_DEFAULT_CURRENCY},
            _toggle_options(params, "price", prices, counts["price"]),
        ),
        (
            "licence",
            # Translators: heading of the filter by licence type (single user, enterprise …).
            _("Licence"),
            _toggle_options(params, "licence", LicenceTier.choices, counts["licences"]),
        ),
    ]:
        if options:
            groups.append(FacetGroup(key, label, options))
    grouped = whole_number_grouper()
    for group in groups:
        for option in group.options:
            option.count_label = grouped(option.count)
    return groups


def chips(params: SearchParams, resolved: Resolved) -> list[Chip]:
    chips = []
    if params.q:
        # Translators: a chosen filter: the text searched for.
        chips.append(Chip(_("Search: %(query)s") % {"query": params.q}, params.url(q="")))
    if resolved.category is not None:
        chips.append(
            Chip(
                _("Category: %(category)s") % {"category": resolved.category.name},
                params.url(category=""),
            )
        )
    for segment in resolved.segments:
        chips.append(
            Chip(
                # Translators: a chosen filter, e.g. "Type: Oncology" or "Region: Europe".
                _("%(dimension)s: %(segment)s")
                % {"dimension": segment.dimension_name, "segment": segment.name},
                params.toggle_segment(segment.value),
            )
        )
    if params.year:
        chips.append(
            Chip(_("Published in %(year)s") % {"year": params.year}, params.url(year=None))
        )
    if params.price:
        chips.append(
            Chip(
                # Translators: a chosen filter: the price range, e.g. "Price: Under 3,000".
                _("Price: %(range)s") % {"range": PRICE_BUCKETS[params.price][0]},
                params.url(price=""),
            )
        )
    if params.licence:
        label = LicenceTier(params.licence).label
        chips.append(Chip(_("Licence: %(licence)s") % {"licence": label}, params.url(licence="")))
    return chips
