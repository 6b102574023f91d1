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

import html
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from portal.site import absolute_url
from reports import selectors
from reports.figures import format_amount
from reports.integrity import plain_text
from reports.models import Report, SectionKind

# Translators: a heading of a report's press release.
MARKET_SIZE_HEADING = gettext_noop("Market Size and Forecast")
# Translators: a heading of a report's press release.
SEGMENTATION_HEADING = gettext_noop("Market Segmentation")
"""English in the source: the parser (``press_release_parse``) reads English releases."""
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
    """Everything the two templates show, in the active language; ``report`` from
    ``selectors.report_for_page``."""
    english = get_language() == settings.LANGUAGE_CODE
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
                extra.append(f"<p>{html.escape(_profiled(unnamed))}</p>")
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
            body += f"<p>{html.escape(_profiled(unnamed))}</p>"
        body += "".join(f"<p>{html.escape(p.blurb)}</p>" for p in blurbs)
        narrative_sections.append(
            # Translators: a heading of a press release, e.g. "Heat Pump Market Major Market Players".
            {"heading": _("%(title)s Major Market Players") % {"title": report.title}, "body": body}
        )

    dimensions = []
    for block in data.segmentation:
        name = block.dimension.name
        dimensions.append(
            DimensionBlock(
                name=name,
                plural=_plural(name) if english else name,
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

    market_size = _market_size(report, data, english=english)
    # Translators: the periods of a report's figures, in its press release.
    periods = _(
        "Forecast period %(start)s–%(end)s, base year %(base)s, historic data from %(historic)s."
    ) % {
        "start": report.forecast_start_year,
        "end": report.forecast_end_year,
        "base": report.base_year,
        "historic": report.historic_start_year,
    }

    return {
        "report": report,
        "headline": report.headline or report.title,
        "sections": narrative_sections,
        "market_size_heading": _(MARKET_SIZE_HEADING),
        "market_size": market_size,
        "periods": periods,
        "segmentation_heading": _(SEGMENTATION_HEADING),
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


def _market_size(report: Report, data, *, english: bool) -> str:
    """The sentence on the market's size, growth and CAGR; empty without figures."""
    figures = data.market_figures
    if not figures:
        return ""
    unit = report.get_unit_display()
    first, last = figures[0], figures[-1]
    values = {
        "market": report.title.lower() if english else report.title,
        "first": format_amount(first.value, currency=report.currency, unit=unit),
        "first_year": first.year,
        "last": format_amount(last.value, currency=report.currency, unit=unit),
        "last_year": last.year,
    }
    if last is first:
        # Translators: a press release sentence, e.g. "The global heat pump market was valued at USD 2.5 billion in 2020."
        return _("The global %(market)s was valued at %(first)s in %(first_year)s.") % values
    if not data.cagr:
        return (
            _(
                "The global %(market)s was valued at %(first)s in %(first_year)s and is "
                "projected to reach %(last)s by %(last_year)s."
            )
            % values
        )
    values.update(cagr=data.cagr.percent, years=data.cagr.years_label)
    return (
        _(
            "The global %(market)s was valued at %(first)s in %(first_year)s and is projected "
            "to reach %(last)s by %(last_year)s, a CAGR of %(cagr)s%% over %(years)s."
        )
        % values
    )


def _profiled(names: list[str]) -> str:
    # Translators: in a press release, e.g. "The major companies profiled include A, B and C."
    return _("The major companies profiled include %(names)s.") % {
        "names": get_text_list(names, _("and"))
    }


def _scope_share(link) -> str:
    share = _percent(link.share_percent)
    if link.share_of_id is None:
        # Translators: a segment's share, e.g. "40% of the market".
        return _("%(share)s of the market") % {"share": share}
    # Translators: a segment's share of another, e.g. "15% of North America".
    return _("%(share)s of %(segment)s") % {
        "share": share,
        "segment": selectors.segment_display_name(link.share_of),
    }


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


def _published(code: str) -> Report:
    report = selectors.report_for_page(code=int(code))
    if report is None or not report.is_public:
        raise Http404("No such report.")
    return report


def press_release_html(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    report = _published(code)
    return render(request, "reports/press_release.html", press_release_context(report))


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
