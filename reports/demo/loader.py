"""Writes the demo catalogue (``reports.demo`` data modules) into the database.

Idempotent: categories, dimensions, segments and companies are updated or created by slug
(countries by ISO code), reports by code, and each report's child rows are replaced, all in
one transaction, so running it twice leaves exactly one copy of everything.

The seed press release's country lists are corrected here, not in its data: each label is
mapped to an ISO 3166 country through ``seed.COUNTRY_FIXES`` or django_countries' name
lookup, and every correction is returned once so the command can print it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify
from django_countries import countries

from portal.i18n import language_column
from reports.integrity import report_findings
from reports.languages import report_language_publish, report_translations_saved
from reports.models import (
    Category,
    Company,
    Faq,
    FigureKind,
    Licence,
    MarketFigure,
    Report,
    ReportCompany,
    ReportStatus,
    Section,
    TocEntry,
)
from reports.services import licences_apply_defaults, report_mark_changed, report_publish
from segments.models import Dimension, ReportSegment, Segment

from . import catalogue, more_reports, seed, seed_ja, seed_ko

SEED_TRANSLATIONS = {"ja": seed_ja.TRANSLATION, "ko": seed_ko.TRANSLATION}
"""The seed report's text in the languages the press release links to, published with it."""


class DemoDataError(ValueError):
    """The demo data names something that cannot be loaded (an unknown country, company…)."""


@dataclass
class DemoLoadResult:
    reports: list[Report] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)

    def correct(self, message: str) -> None:
        if message not in self.corrections:
            self.corrections.append(message)


@transaction.atomic
def demo_catalogue_load() -> DemoLoadResult:
    """Load (or reload) the seed report and the other demo reports, and publish them.

    Raises ``DemoDataError`` for data that cannot be loaded and
    ``reports.services.ReportNotPublishable`` when a report has integrity errors; either
    rolls the whole load back.
    """
    result = DemoLoadResult()
    categories = _categories_load(catalogue.CATEGORIES)
    dimensions = {
        item["slug"]: Dimension.objects.update_or_create(
            slug=item["slug"], defaults={k: v for k, v in item.items() if k != "slug"}
        )[0]
        for item in catalogue.DIMENSIONS
    }
    regions = {
        item["name"]: Segment.objects.update_or_create(
            dimension=dimensions["region"],
            slug=item["slug"],
            defaults={"name": item["name"], "description": item["description"], "parent": None},
        )[0]
        for item in catalogue.REGIONS
    }
    companies = {
        name: Company.objects.update_or_create(slug=slugify(name), defaults={"name": name, **item})[
            0
        ]
        for name, item in catalogue.COMPANIES.items()
    }
    context = _Context(
        categories=categories, dimensions=dimensions, regions=regions, companies=companies
    )

    for spec in (seed.REPORT, *more_reports.REPORTS):
        if "regions" in spec:
            region_countries = countries_resolve(regions=spec["regions"], result=result)
        else:
            region_countries = spec["region_countries"]
        result.reports.append(
            _report_load(
                spec=spec,
                region_countries=region_countries,
                whole_market_shares=_whole_market_shares(spec, context=context, result=result),
                context=context,
            )
        )
    for language, translation in SEED_TRANSLATIONS.items():
        _translation_load(
            report=result.reports[0], language=language, text=translation, context=context
        )
    return result


def _translation_load(*, report: Report, language: str, text: dict, context: _Context) -> None:
    """Store ``text`` (``seed_ja.TRANSLATION``'s shape) as ``report``'s ``language``
    version, with its segment, region and dimension names, and publish it."""

    def put(row, **values) -> None:
        for field_name, value in values.items():
            setattr(row, language_column(field_name, language), value)
        row.save(update_fields=[language_column(name, language) for name in values])

    put(report, title=text["title"], headline=text["headline"], summary=text["summary"])
    for row, item in zip(report.sections.order_by("position"), text["sections"], strict=True):
        put(row, heading=item["heading"], body=item["body"])
    for row, title in zip(report.toc_entries.order_by("position"), text["toc"], strict=True):
        put(row, title=title)
    for row, (question, answer) in zip(report.faqs.order_by("position"), text["faqs"], strict=True):
        put(row, question=question, answer=answer)
    for link in report.company_links.select_related("company"):
        if link.blurb:
            put(link, blurb=text["blurbs"][link.company.name])
    for licence in report.licences.all():
        put(licence, description=text["licences"][licence.tier])
    names = {**text["segments"], **text["regions"]}
    for link in report.segment_links.select_related("segment"):
        if not link.segment.country:
            put(link.segment, name=names[link.segment.name])
    for slug, name in text["dimensions"].items():
        put(context.dimensions[slug], name=name)
    report_translations_saved(report=report, languages=[language])
    report_language_publish(report=report, language=language, by=None)


def countries_resolve(
    *, regions: dict[str, list[str]], result: DemoLoadResult
) -> dict[str, list[str]]:
    """Country lists as printed (region → labels) as ISO codes, recording each correction.

    A label is left out when ``seed.COUNTRIES_LEFT_OUT`` says so, mapped through
    ``seed.COUNTRY_FIXES``, joined with the next label when only the two together name a
    country ("Saudi" + "Arabia"), or else looked up by its English name.
    """
    resolved = {}
    for region, labels in regions.items():
        codes: list[str] = []
        index = 0
        while index < len(labels):
            label = labels[index]
            index += 1
            if (region, label) in seed.COUNTRIES_LEFT_OUT:
                why = seed.COUNTRIES_LEFT_OUT[(region, label)]
                result.correct(f'"{label}" under {region}: left out ({why}).')
                continue
            if label in seed.COUNTRY_FIXES:
                code, why = seed.COUNTRY_FIXES[label]
                result.correct(f'"{label}" → {countries.name(code)} ({code}): {why}.')
            elif not countries.by_name(label) and index < len(labels):
                following = labels[index]
                code = countries.by_name(f"{label} {following}")
                if not code:
                    raise DemoDataError(f'"{label}" under {region} is not a country.')
                index += 1
                result.correct(
                    f'"{label}" + "{following}" → {countries.name(code)} ({code}): '
                    "one country printed as two."
                )
            else:
                code = _country_code(label)
                if countries.name(code) != label:
                    result.correct(f'"{label}" → {countries.name(code)} ({code}): its ISO name.')
            if code not in codes:
                codes.append(code)
        resolved[region] = codes
    return resolved


def _country_code(label: str) -> str:
    code = countries.by_name(label)
    if not code:
        raise DemoDataError(f'"{label}" is not a country name django_countries knows.')
    return code


@dataclass(frozen=True)
class _Context:
    categories: dict[str, Category]
    dimensions: dict[str, Dimension]
    regions: dict[str, Segment]
    companies: dict[str, Company]


def _categories_load(items: Iterable[dict], parent: Category | None = None) -> dict:
    loaded = {}
    for position, item in enumerate(items):
        category, _ = Category.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "parent": parent,
                "position": position,
            },
        )
        loaded[category.slug] = category
        loaded.update(_categories_load(item.get("children", []), parent=category))
    return loaded


def _region(label: str, *, context: _Context) -> Segment:
    """A region by name, spelling variants allowed ("Asia Pacific" is Asia-Pacific)."""
    for name, region in context.regions.items():
        if slugify(name) == slugify(label):
            return region
    raise DemoDataError(f'"{label}" is not a demo region.')


def _whole_market_shares(
    spec: dict, *, context: _Context, result: DemoLoadResult
) -> dict[tuple[str, str], Decimal]:
    """The shares of the whole market, keyed ("region", name) or ("country", ISO code).

    The seed names countries beside regions ("USA at 15%"): such a label is read as a
    country when it is not a region, through the same fixes as the country lists.
    """
    shares = {}
    for label, share in spec["region_shares"]:
        try:
            key = ("region", _region(label, context=context).name)
        except DemoDataError:
            if label in seed.COUNTRY_FIXES:
                code, why = seed.COUNTRY_FIXES[label]
                result.correct(f'"{label}" → {countries.name(code)} ({code}): {why}.')
            else:
                code = _country_code(label)
            key = ("country", code)
        shares[key] = Decimal(share)
    return shares


def _country_segment(code: str, *, region: Segment, context: _Context) -> Segment:
    """The country's segment in the region dimension, placed under ``region``."""
    name = countries.name(code)
    segment, _ = Segment.objects.update_or_create(
        dimension=context.dimensions["region"],
        country=code,
        defaults={"name": name, "slug": slugify(name), "parent": region},
    )
    return segment


def _report_load(
    *,
    spec: dict,
    region_countries: dict[str, list[str]],
    whole_market_shares: dict[tuple[str, str], Decimal],
    context: _Context,
) -> Report:
    report, _ = Report.objects.update_or_create(
        code=spec["code"],
        defaults={
            "slug": spec["slug"],
            "title": spec["title"],
            "headline": spec["headline"],
            "summary": spec["summary"],
            "category": context.categories[spec["category"]],
            "featured": spec["featured"],
            "historic_start_year": spec["historic_start_year"],
            "base_year": spec["base_year"],
            "forecast_start_year": spec["forecast_start_year"],
            "forecast_end_year": spec["forecast_end_year"],
            "page_count": spec["page_count"],
            "currency": spec["currency"],
            "unit": spec["unit"],
        },
    )
    for children in (
        report.sections,
        report.toc_entries,
        report.faqs,
        report.figures,
        report.company_links,
        report.segment_links,
        report.licences,
    ):
        children.all().delete()

    for position, item in enumerate(spec["sections"]):
        Section.objects.create(report=report, position=position, **item)
    TocEntry.objects.bulk_create(
        TocEntry(report=report, position=position, level=level, title=title)
        for position, (level, title) in enumerate(spec["toc"])
    )
    for position, (question, answer) in enumerate(spec["faqs"]):
        Faq.objects.create(report=report, position=position, question=question, answer=answer)
    MarketFigure.objects.bulk_create(
        MarketFigure(
            report=report,
            year=year,
            value=Decimal(value),
            kind=FigureKind.HISTORIC if year <= report.base_year else FigureKind.FORECAST,
        )
        for year, value in spec["figures"]
    )
    _players_load(report=report, players=spec["players"], context=context)
    _segments_load(
        report=report,
        spec=spec,
        region_countries=region_countries,
        whole_market_shares=whole_market_shares,
        context=context,
    )
    if spec["licences"] is None:
        licences_apply_defaults(report=report)
    else:
        Licence.objects.bulk_create(
            Licence(report=report, **{**item, "price": Decimal(item["price"])})
            for item in spec["licences"]
        )

    if report.status != ReportStatus.PUBLISHED:
        return report_publish(report=report, by=None)
    errors = [finding.message for finding in report_findings(report=report) if finding.is_error]
    if errors:
        raise DemoDataError(f"Report {report.code} has integrity errors: {'; '.join(errors)}")
    report_mark_changed(report=report)
    return report


def _players_load(*, report: Report, players: list[dict], context: _Context) -> None:
    links = []
    for position, player in enumerate(players):
        company = context.companies.get(player["name"])
        if company is None:
            raise DemoDataError(f'Key player "{player["name"]}" is not in catalogue.COMPANIES.')
        share = player.get("share")
        links.append(
            ReportCompany(
                report=report,
                company=company,
                position=position,
                blurb=player.get("blurb", ""),
                market_share=Decimal(share) if share is not None else None,
            )
        )
    ReportCompany.objects.bulk_create(links)


def _segments_load(
    *,
    report: Report,
    spec: dict,
    region_countries: dict[str, list[str]],
    whole_market_shares: dict[tuple[str, str], Decimal],
    context: _Context,
) -> None:
    """Link types, applications, regions and their countries, in the data's order.

    A country with a whole-market share (the seed's USA and China) is linked as a share of
    the whole market beside the regions, as the seed states it; any other country is linked
    as part of its region, with its share of the region when the data gives one.
    """
    links = []
    for slug, items in spec["segments"].items():
        dimension = context.dimensions[slug]
        for item in items:
            segment, _ = Segment.objects.update_or_create(
                dimension=dimension, slug=slugify(item["name"]), defaults={"name": item["name"]}
            )
            share = item.get("share")
            links.append(
                ReportSegment(
                    report=report,
                    segment=segment,
                    share_percent=Decimal(share) if share is not None else None,
                )
            )

    country_shares = spec.get("country_shares", {})
    placed = set()
    for region_name, codes in region_countries.items():
        region = _region(region_name, context=context)
        placed.add(("region", region.name))
        links.append(
            ReportSegment(
                report=report,
                segment=region,
                share_percent=whole_market_shares.get(("region", region.name)),
            )
        )
        for code in codes:
            country = _country_segment(code, region=region, context=context)
            placed.add(("country", code))
            if ("country", code) in whole_market_shares:
                share_of, share = None, whole_market_shares[("country", code)]
            else:
                share = country_shares.get(region_name, {}).get(code)
                share_of, share = region, Decimal(share) if share is not None else None
            links.append(
                ReportSegment(
                    report=report, segment=country, share_of=share_of, share_percent=share
                )
            )
    unplaced = set(whole_market_shares) - placed
    if unplaced:
        raise DemoDataError(
            f"Report {report.code}: shares for segments it does not list: {unplaced}"
        )
    for position, link in enumerate(links):
        link.position = position
    ReportSegment.objects.bulk_create(links)
