"""A published report as a press release, in the shape of the seed document (HTML and
Markdown), and the views that serve it.

Shape: the headline; each narrative section under a bold heading (the key players' blurbs
follow the first paragraph of the competition section); a market-size paragraph written
from the typed figures and the computed CAGR; the segmentation by each dimension (a list of
segments, then the dimension's narrative); the regions with their countries and shares; and
absolute links (``settings.SITE_URL``) to the sample, enquiry, purchase and report pages.
Every number comes from the typed records, so the release cannot contradict the page.
``press_release_parse`` reads this shape back.
"""

import functools
import html
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from portal.site import absolute_url
from reports import selectors
from reports.figures import format_amount
from reports.integrity import plain_text
from reports.models import Report, SectionKind

MARKET_SIZE_HEADING = "Market Size and Forecast"
SEGMENTATION_HEADING = "Market Segmentation"
_BY_HEADING = re.compile(r"<h[2-4][^>]*>\s*By\s+([^<]+?)\s*</h[2-4]>", re.IGNORECASE)


def _percent(value) -> str:
    return f"{value.normalize():f}%"


@dataclass
class Item:
    name: str
    share: str = ""


@dataclass
class DimensionBlock:
    name: str
    plural: str
    items: list[Item]
    narrative: str = ""


@dataclass
class RegionBlock:
    name: str
    share: str
    countries: list[Item] = field(default_factory=list)


def _split_segmentation(body: str) -> dict[str, str]:
    """A segmentation body written as "<h3>By type</h3>…" split by dimension (lower case)."""
    parts = _BY_HEADING.split(body)
    if len(parts) < 3:
        return {}
    return {
        parts[i].strip().lower().rstrip("s"): parts[i + 1].strip()
        for i in range(1, len(parts) - 1, 2)
    }


def _plural(name: str) -> str:
    name = name.lower()
    return name if name.endswith("s") else f"{name}s"


def press_release_context(report: Report) -> dict:
    """Everything the two templates show; ``report`` from ``selectors.report_for_page``."""
    data = selectors.report_page_data(report)
    sections = list(report.sections.all())
    players = list(report.company_links.all())
    segmentation = next((s for s in sections if s.kind == SectionKind.SEGMENTATION), None)
    regional = next((s for s in sections if s.kind == SectionKind.REGIONAL), None)
    narratives = _split_segmentation(segmentation.body) if segmentation else {}

    narrative_sections = []
    blurbs = [p for p in players if p.blurb]
    body_text = " ".join(plain_text(s.body) for s in sections)
    unnamed = [p.company.name for p in players if p.company.name not in body_text]
    for section in sections:
        if section in (segmentation, regional):
            continue
        paragraphs = re.findall(
            r"<p>.*?</p>|<(?:ul|ol|h\d)[^>]*>.*?</(?:ul|ol|h\d)>", section.body, re.S
        ) or [section.body]
        extra = []
        if section.kind == SectionKind.COMPETITION:
            if unnamed:
                extra.append(
                    f"<p>The major companies profiled include {html.escape(_and(unnamed))}.</p>"
                )
                unnamed = []
            extra += [f"<p>{html.escape(p.blurb)}</p>" for p in blurbs]
            blurbs = []
        narrative_sections.append(
            {
                "heading": section.heading,
                "body": "".join([paragraphs[0], *extra, *paragraphs[1:]]),
            }
        )
    if unnamed or blurbs:
        body = ""
        if unnamed:
            body += f"<p>The major companies profiled include {html.escape(_and(unnamed))}.</p>"
        body += "".join(f"<p>{html.escape(p.blurb)}</p>" for p in blurbs)
        narrative_sections.append({"heading": f"{report.title} Major Market Players", "body": body})

    dimensions = []
    for block in data.segmentation:
        name = block.dimension.name
        dimensions.append(
            DimensionBlock(
                name=name,
                plural=_plural(name),
                items=[
                    Item(
                        row.name,
                        _percent(row.link.share_percent)
                        if row.link and row.link.share_percent is not None
                        else "",
                    )
                    for row in block.rows
                ],
                narrative=narratives.get(name.lower().rstrip("s"), "")
                or "".join(f"<p>{html.escape(row.link.narrative)}</p>" for row in block.narratives),
            )
        )
    unsplit_segmentation = segmentation if segmentation and not narratives else None

    regions = []
    for block in data.regional:
        for row in block.rows:
            link = row.link
            share = ""
            if link and link.share_percent is not None:
                share = _scope_share(link)
            regions.append(
                RegionBlock(
                    name=row.name,
                    share=share,
                    countries=[
                        Item(
                            child.name,
                            _scope_share(child.link)
                            if child.link and child.link.share_percent is not None
                            else "",
                        )
                        for child in row.children
                    ],
                )
            )

    figures = data.market_figures
    unit = report.get_unit_display()
    market_size = ""
    if figures:
        first, last = figures[0], figures[-1]
        market_size = (
            f"The global {report.title.lower()} was valued at "
            f"{format_amount(first.value, currency=report.currency, unit=unit)} in {first.year}"
        )
        if last is not first:
            market_size += (
                f" and is projected to reach "
                f"{format_amount(last.value, currency=report.currency, unit=unit)} by {last.year}"
            )
        if data.cagr:
            market_size += f", a CAGR of {data.cagr.percent}% over {data.cagr.years_label}"
        market_size += "."
    periods = (
        f"Forecast period {report.forecast_start_year}–{report.forecast_end_year}, base year "
        f"{report.base_year}, historic data from {report.historic_start_year}."
    )

    return {
        "report": report,
        "headline": report.headline or report.title,
        "sections": narrative_sections,
        "market_size_heading": MARKET_SIZE_HEADING,
        "market_size": market_size,
        "periods": periods,
        "segmentation_heading": SEGMENTATION_HEADING,
        "dimensions": dimensions,
        "unsplit_segmentation": unsplit_segmentation,
        "regions": regions,
        "regional": regional,
        "sample_url": absolute_url(
            reverse("enquiries:request_sample", kwargs={"code": report.code})
        ),
        "enquiry_url": absolute_url(
            reverse("enquiries:pre_order_enquiry", kwargs={"code": report.code})
        ),
        "purchase_url": absolute_url(reverse("purchase", kwargs={"code": report.code})),
        "report_url": absolute_url(report.get_absolute_url()),
    }


def _scope_share(link) -> str:
    if link.share_of_id is None:
        return f"{_percent(link.share_percent)} of the market"
    return f"{_percent(link.share_percent)} of {selectors.segment_display_name(link.share_of)}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def html_to_markdown(value: str) -> str:
    """Section HTML as Markdown paragraphs: headings, list items and paragraphs kept, other
    tags dropped (the HTML release keeps the markup)."""
    value = re.sub(r"<h[1-6][^>]*>(.*?)</h[1-6]>", r"\n\n### \1\n\n", value, flags=re.S)
    value = re.sub(r"<li[^>]*>(.*?)</li>", r"\n- \1", value, flags=re.S)
    value = re.sub(r"</p>|<br\s*/?>|</ul>|</ol>", "\n\n", value)
    text = html.unescape(re.sub(r"<[^>]+>", "", value))
    lines = [
        " ".join(line.split()) if not line.startswith("- ") else line.strip()
        for line in text.split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def english_only(view):
    """The release is written in English (its sentences are English, and the importer
    reads them back): at another language's address it is the English release, not a
    mix of translated report text and English sentences."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with override(settings.LANGUAGE_CODE):
            return view(*args, **kwargs)

    return wrapped


def _published(code: str) -> Report:
    report = selectors.report_for_page(code=int(code))
    if report is None or not report.is_public:
        raise Http404("No such report.")
    return report


@english_only
def press_release_html(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    report = _published(code)
    return render(request, "reports/press_release.html", press_release_context(report))


@english_only
def press_release_markdown(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    report = _published(code)
    context = press_release_context(report)
    context["sections"] = [
        {"heading": s["heading"], "body": html_to_markdown(s["body"])} for s in context["sections"]
    ]
    for block in context["dimensions"]:
        block.narrative = html_to_markdown(block.narrative)
    context["regional_md"] = (
        html_to_markdown(context["regional"].body) if context["regional"] else ""
    )
    context["unsplit_md"] = (
        html_to_markdown(context["unsplit_segmentation"].body)
        if context["unsplit_segmentation"]
        else ""
    )
    text = render_to_string("reports/press_release.md", context, request=request)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return HttpResponse(text, content_type="text/markdown; charset=utf-8")
