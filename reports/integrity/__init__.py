"""Integrity findings for a report's content: what blocks publishing and what looks wrong.

The checks run on plain data (``ReportContent``), not on model instances, so an importer
(the API, the press-release import) can check content before anything is saved:
build a ``ReportContent`` by hand and call ``find_issues``. ``report_content`` builds the
snapshot of a saved report in a fixed number of queries. Each ``Finding`` names where it is
and quotes the words it rests on.

Modules: ``numbers`` reads every number in text (the one reader for every import path),
``statements`` turns the numbers of a text into what it states (sizes, growth rates,
shares, periods, each with its subject), ``consistency`` finds where those statements and
the typed figures disagree. This module holds the checks on the typed content.

Errors block publishing:

- placeholder text ("XX%", "USD XX million", "[value]", "[insert …]", "TBD", "lorem ipsum")
  in any text or typed name;
- sibling shares adding up to more than 100% (siblings: links in the same dimension with
  the same ``share_of``), beyond ``SHARE_TOLERANCE`` for rounding;
- a figure before ``historic_start_year`` or after ``forecast_end_year``;
- two figures for the same year and scope (whole market or one segment). The database
  forbids it for saved rows; an import may not;
- a period the source does not state, left empty on a draft (``periods_missing``);
- the text's own errors (``consistency``): a missing or malformed number, text admitting
  made-up data, two values for one year and subject beyond rounding, regional shares over
  100%.

Warnings:

- ``consistency``: a stated CAGR outside the rates the stated sizes allow, forecast periods
  that disagree, values a factor of ~1,000 apart, a share that disagrees with its values, a
  growing market whose sizes fall, a value the text presents as an assumption;
- a segment listed as a sibling of its own parent (a country beside its region);
- an image from another host in rich text (a section body, an FAQ answer): the page's
  Content Security Policy (``img-src 'self' data:``) blocks it and the PDF renderer
  (``portal.pdf``) fetches nothing from the network, so visitors see neither. Relative
  paths and this site's own host (``SITE_URL``) are left alone;
- sibling shares that do not add up to 100%. Only checked when the group has at least two
  links and every one of them has a share: a single stated share ("North America holds
  40%") or a group with unstated shares leaves the rest legitimately unaccounted for.

Notes (plain gaps, so that editors are not trained to ignore the list): no whole-market
figures, figures that do not cover the forecast period, a number not understood.
"""

import html
import re
from collections import Counter, defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import strip_tags

from reports.figures import UNIT_EXPONENTS, Cagr, YearValue, compute_cagr
from reports.html import sanitize_html

from .consistency import Checker, consistency_findings, text_statements

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"
NOTE: Literal["note"] = "note"
LEVELS = (ERROR, WARNING, NOTE)

SHARE_TOLERANCE = Decimal("0.1")


@dataclass(frozen=True)
class Finding:
    """``where`` names the text or field ("Section \"Overview\"", "Figures"); ``quote`` is
    the exact words the finding rests on ("" when it rests on no one span)."""

    level: Literal["error", "warning", "note"]
    code: str
    message: str
    where: str = ""
    quote: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class TextItem:
    """A text of the report and where it is shown, e.g. ``Section "Market overview"``.
    ``rich_text`` is the part of ``text`` rendered as HTML on the page and in the PDF (a
    section's body, an FAQ's answer); images are looked for there only, since every other
    text is shown escaped."""

    where: str
    text: str
    rich_text: str = ""
    is_name: bool = False
    """A typed name or label (a segment's, a company's, a licence's description): checked
    for placeholders, not read for figures."""
    target: tuple[str, int | None, str] | None = None
    """The field holding the text: (model name, row id or None for the report, field name),
    e.g. ``("faq", 12, "answer")``; the change page links a finding there."""


@dataclass(frozen=True)
class FigureItem:
    """A market size. ``segment`` None is the whole market; ``segment_name`` labels it."""

    year: int
    value: Decimal
    segment: Hashable | None = None
    segment_name: str = ""
    precision: Decimal | None = None
    """The unit of the last written digit, in the report's unit (0.1 for "2.5"); None: exact."""
    is_estimate: bool = False


@dataclass(frozen=True)
class Periods:
    """None: not stated yet (a draft imported from a text that does not say)."""

    historic_start_year: int | None
    base_year: int | None
    forecast_start_year: int | None
    forecast_end_year: int | None

    @property
    def missing(self) -> list[str]:
        labels = {
            "forecast_start_year": "forecast start year",
            "forecast_end_year": "forecast end year",
            "base_year": "base year",
            "historic_start_year": "first historic year",
        }
        return [label for name, label in labels.items() if getattr(self, name) is None]


@dataclass(frozen=True)
class ShareLink:
    """A report's link to a segment. Segments are identified by any hashable key (a pk, or a
    name in an import); ``parent`` and ``share_of`` use the same keys."""

    dimension: str
    segment: Hashable
    segment_name: str
    parent: Hashable | None = None
    share_of: Hashable | None = None
    share_of_name: str = ""
    share_percent: Decimal | None = None


@dataclass(frozen=True)
class ReportContent:
    """``periods`` None: the report states none yet (a draft read from a text that gives
    none). ``unit_exponent`` scales the figures (9: billions); ``language`` is the texts'."""

    periods: Periods | None
    texts: tuple[TextItem, ...] = ()
    figures: tuple[FigureItem, ...] = ()
    shares: tuple[ShareLink, ...] = field(default_factory=tuple)
    currency: str = "USD"
    unit_exponent: int = 9
    language: str = "en"


_PLACEHOLDER_PATTERNS = [
    re.compile(r"(?<![A-Za-z])XX+(?:[.,]X+)?\s*(?:%|per\s*cent\b|percent\b)", re.IGNORECASE),
    re.compile(
        r"(?:\b(?:USD|US\$|EUR|GBP|JPY|CNY|INR)|[$€£¥])\s*XX+(?:[.,]X+)?"
        r"(?:\s*(?:thousand|million|billion|trillion|bn|mn|m|b)\b)?"
        r"(?:\s+(?:in|by)\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d\b)?",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![A-Za-z])XX+(?:[.,]X+)?\s+(?:thousand|million|billion|trillion)\b", re.IGNORECASE
    ),
    re.compile(r"\b(?:19|20)XX\b", re.IGNORECASE),
    re.compile(
        r"\[\s*(?:insert|value|tbd|tbc|placeholder|x{2,}|enter|add|fill|company|year|number|"
        r"amount|name|date|region|segment)\b[^\]]{0,80}\]",
        re.IGNORECASE,
    ),
    re.compile(r"\bTBD\b|\bTBC\b", re.IGNORECASE),
    re.compile(r"\blorem\s+ipsum\b", re.IGNORECASE),
]


def plain_text(value: str) -> str:
    """Text as a reader sees it: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def find_placeholders(text: str) -> list[str]:
    """Distinct placeholder snippets in ``text``, in order of appearance."""
    text = plain_text(text)
    hits = sorted(
        (match.start(), -match.end(), match.group(0).strip())
        for pattern in _PLACEHOLDER_PATTERNS
        for match in pattern.finditer(text)
    )
    seen: dict[str, None] = {}
    covered_to = -1
    for _start, negative_end, snippet in hits:
        if -negative_end <= covered_to:
            continue
        covered_to = -negative_end
        seen.setdefault(snippet, None)
    return list(seen)


def whole_market_cagr(content: ReportContent) -> Cagr | None:
    if content.periods is None:
        return None
    series = [YearValue(f.year, f.value) for f in content.figures if f.segment is None]
    return compute_cagr(
        series,
        forecast_start_year=content.periods.forecast_start_year,
        forecast_end_year=content.periods.forecast_end_year,
    )


def find_issues(content: ReportContent) -> list[Finding]:
    """Every finding for ``content``: errors, then warnings, then notes, each in a stable
    order."""
    stated = text_statements(content.texts, language=content.language)
    checker = Checker(Finding, LEVELS)
    consistency_findings(content, stated, checker)
    findings = [
        *_placeholder_findings(content),
        *_figure_findings(content),
        *_share_findings(content),
        *checker.found,
        *_remote_image_findings(content),
    ]
    return [f for level in LEVELS for f in findings if f.level == level]


def _placeholder_findings(content: ReportContent) -> list[Finding]:
    return [
        Finding(
            ERROR,
            "placeholder",
            f'{item.where}: placeholder text "{snippet}"',
            where=item.where,
            quote=snippet,
        )
        for item in content.texts
        for snippet in find_placeholders(item.text)
    ]


def _figure_label(figure: FigureItem) -> str:
    scope = "whole market" if figure.segment is None else f'segment "{figure.segment_name}"'
    return f"Figure {figure.year} ({scope})"


def _figure_findings(content: ReportContent) -> list[Finding]:
    periods = content.periods
    findings = []
    for figure in content.figures:
        if periods is None or None in (periods.historic_start_year, periods.forecast_end_year):
            break
        if not periods.historic_start_year <= figure.year <= periods.forecast_end_year:
            findings.append(
                Finding(
                    ERROR,
                    "figure_outside_periods",
                    f"{_figure_label(figure)} is outside the report's periods "
                    f"{periods.historic_start_year}–{periods.forecast_end_year}",
                )
            )
    counts = Counter((figure.segment, figure.year) for figure in content.figures)
    reported = set()
    for figure in content.figures:
        key = (figure.segment, figure.year)
        if counts[key] > 1 and key not in reported:
            reported.add(key)
            findings.append(
                Finding(
                    ERROR,
                    "figure_duplicated",
                    f"{_figure_label(figure)} is given {counts[key]} times",
                )
            )
    whole_market_years = {f.year for f in content.figures if f.segment is None}
    if not whole_market_years:
        findings.append(
            Finding(
                NOTE,
                "no_figures",
                "No whole-market figures: the page shows no market size and no CAGR",
            )
        )
    elif periods is None or None in (periods.forecast_start_year, periods.forecast_end_year):
        pass
    elif not {periods.forecast_start_year, periods.forecast_end_year} <= whole_market_years:
        forecast = f"{periods.forecast_start_year}–{periods.forecast_end_year}"
        cagr = whole_market_cagr(content)
        shown = (
            f"the CAGR is shown for {cagr.years_label} instead"
            if cagr
            else "no CAGR can be computed"
        )
        findings.append(
            Finding(
                NOTE,
                "figures_miss_forecast",
                f"Whole-market figures do not cover the forecast period {forecast} "
                f"(no figure for "
                + " and ".join(
                    str(year)
                    for year in (periods.forecast_start_year, periods.forecast_end_year)
                    if year not in whole_market_years
                )
                + f"): {shown}",
            )
        )
    if periods is not None and periods.missing:
        findings.append(
            Finding(
                ERROR,
                "periods_missing",
                "Periods: the source does not state the "
                + " or the ".join(periods.missing)
                + ". Fill them in from the source before publishing.",
                where="Periods",
            )
        )
    return findings


def _group_label(link: ShareLink) -> str:
    of = f'"{link.share_of_name}"' if link.share_of is not None else "the whole market"
    return f"{link.dimension} shares of {of}"


def _share_findings(content: ReportContent) -> list[Finding]:
    groups: dict[tuple[str, Hashable | None], list[ShareLink]] = defaultdict(list)
    for link in content.shares:
        groups[(link.dimension, link.share_of)].append(link)
    findings = []
    for links in groups.values():
        shares = [link.share_percent for link in links if link.share_percent is not None]
        total = sum(shares, Decimal(0))
        listed = ", ".join(
            f'"{link.segment_name}" {link.share_percent.normalize():f}%'
            for link in links
            if link.share_percent is not None
        )
        label = _group_label(links[0])
        if total > 100 + SHARE_TOLERANCE:
            findings.append(
                Finding(
                    ERROR,
                    "shares_over_100",
                    f"{label} add up to {total.normalize():f}%, over 100% ({listed})",
                )
            )
        elif len(links) >= 2 and len(shares) == len(links) and abs(total - 100) > SHARE_TOLERANCE:
            findings.append(
                Finding(
                    WARNING,
                    "shares_not_100",
                    f"{label} add up to {total.normalize():f}%, not 100% ({listed})",
                )
            )
        linked = {link.segment: link for link in links}
        for link in links:
            parent = linked.get(link.parent) if link.parent is not None else None
            if parent is not None:
                findings.append(
                    Finding(
                        WARNING,
                        "child_beside_parent",
                        f'Segment "{link.segment_name}" is listed beside its own parent '
                        f'"{parent.segment_name}" in {label}: make it a share of '
                        f'"{parent.segment_name}"',
                    )
                )
    return findings


_URL_TRIM = "".join(chr(code) for code in range(0x21))
"""C0 controls and space: what browsers strip from both ends of a URL before reading it."""


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.extend(value for name, value in attrs if name == "src" and value)


def image_sources(rich_text: str) -> list[str]:
    """The ``src`` of every image ``rich_text`` shows once sanitised as it is for display
    (``reports.html``: no ``srcset`` or ``style`` attribute, no ``data:`` URL survives)."""
    if "<img" not in rich_text.lower():
        return []
    parser = _ImageSources()
    parser.feed(sanitize_html(rich_text))
    parser.close()
    return parser.sources


def remote_image_host(src: str) -> str | None:
    """The host an image ``src`` loads from when that is not this site (``SITE_URL``),
    read as browsers read it: controls and spaces at either end ignored, tabs and line
    breaks dropped, backslashes taken as slashes, ``//host/…`` on the page's scheme.
    None for a relative path, our own host, or a URL no browser would load."""
    url = src.strip(_URL_TRIM).translate({ord("\t"): None, ord("\n"): None, ord("\r"): None})
    try:
        parts = urlsplit(url.replace("\\", "/"))
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("", "http", "https") or not host:
        return None
    return None if host == urlsplit(settings.SITE_URL).hostname else host


def _remote_image_findings(content: ReportContent) -> list[Finding]:
    findings = []
    for item in content.texts:
        hosts = dict.fromkeys(
            host
            for host in map(remote_image_host, image_sources(item.rich_text))
            if host is not None
        )
        findings.extend(
            Finding(
                WARNING,
                "remote_image",
                f"{item.where} shows an image from {host}: browsers block it on the report "
                "page and it is left out of the PDF. Remove it, or use an image stored on "
                "this site.",
            )
            for host in hosts
        )
    return findings


def report_content(report) -> ReportContent:
    """Snapshot of a saved report, in seven queries (fewer when relations are prefetched)."""
    texts = [
        TextItem("Title", report.title, target=("report", None, "title")),
        TextItem("Headline", report.headline, target=("report", None, "headline")),
        TextItem("Summary", report.summary, target=("report", None, "summary")),
    ]
    for section in report.sections.all():
        texts.append(
            TextItem(
                f'Section "{section.heading}"',
                f"{section.heading}\n{section.body}",
                section.body,
                target=("section", section.pk, "body"),
            )
        )
    for entry in report.toc_entries.all():
        texts.append(
            TextItem(
                f'Table of contents entry "{entry.title}"',
                entry.title,
                is_name=True,
                target=("tocentry", entry.pk, "title"),
            )
        )
    for faq in report.faqs.all():
        texts.append(
            TextItem(
                f'FAQ "{faq.question}"',
                f"{faq.question}\n{faq.answer}",
                faq.answer,
                target=("faq", faq.pk, "answer"),
            )
        )
    for player in report.company_links.select_related("company"):
        texts.append(
            TextItem(
                f'Key player "{player.company.name}"',
                player.blurb,
                target=("reportcompany", player.pk, "blurb"),
            )
        )
        texts.append(TextItem("Key player name", player.company.name, is_name=True))
    links = list(report.segment_links.select_related("segment__dimension", "share_of"))
    for link in links:
        texts.append(TextItem("Segment name", link.segment.name, is_name=True))
        if link.narrative:
            texts.append(
                TextItem(
                    f'Segment "{link.segment.name}"',
                    link.narrative,
                    target=("reportsegment", link.pk, "narrative"),
                )
            )
    for licence in report.licences.all():
        texts.append(
            TextItem(
                f'Licence "{licence.get_tier_display()}"',
                licence.description,
                is_name=True,
                target=("licence", licence.pk, "description"),
            )
        )
    figures = tuple(
        FigureItem(
            year=figure.year,
            value=figure.value,
            segment=figure.segment_id,
            segment_name=figure.segment.name if figure.segment_id else "",
            precision=figure.precision,
            is_estimate=figure.is_estimate,
        )
        for figure in report.figures.select_related("segment")
    )
    shares = tuple(
        ShareLink(
            dimension=link.segment.dimension.name,
            segment=link.segment_id,
            segment_name=link.segment.name,
            parent=link.segment.parent_id,
            share_of=link.share_of_id,
            share_of_name=link.share_of.name if link.share_of_id else "",
            share_percent=link.share_percent,
        )
        for link in links
    )
    return ReportContent(
        periods=Periods(
            historic_start_year=report.historic_start_year,
            base_year=report.base_year,
            forecast_start_year=report.forecast_start_year,
            forecast_end_year=report.forecast_end_year,
        ),
        texts=tuple(item for item in texts if item.text),
        figures=figures,
        shares=shares,
        currency=report.currency,
        unit_exponent=UNIT_EXPONENTS.get(report.unit, 9),
    )


def report_findings(*, report) -> list[Finding]:
    """``find_issues`` on the saved state of ``report``."""
    return find_issues(report_content(report))


def report_findings_with_targets(
    *, report
) -> tuple[list[Finding], dict[str, tuple[str, int | None, str]]]:
    """``report_findings`` and, for each ``Finding.where`` naming a text, the field that
    holds it (``TextItem.target``): the change page links each finding to its field."""
    content = report_content(report)
    targets = {}
    for item in content.texts:
        if item.target is not None:
            targets.setdefault(item.where, item.target)
    return find_issues(content), targets
