"""Reports as plain documents (``reports.transfer.document``): the export and the API detail."""

from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import override

from portal.i18n import language_column
from reports.languages import published_languages, report_texts
from reports.models import SEARCH_ONLY_FIELDS, Category, Report
from reports.selectors import report_prefetches

from .document import decimal_text
from .document.translations import translation_codes


def reports_for_export() -> QuerySet[Report]:
    """Every report with all its rows prefetched: a fixed number of queries per chunk."""
    return (
        Report.objects.select_related("category__parent__parent")
        .defer(*SEARCH_ONLY_FIELDS)
        .prefetch_related(*report_prefetches())
        .order_by("code")
    )


def category_document(category: Category, depth: int = 0) -> dict:
    parent = category.parent if category.parent_id and depth < 5 else None
    return {
        "slug": category.slug,
        "name": category.name,
        "description": category.description,
        "position": category.position,
        "parent": category_document(parent, depth + 1) if parent else None,
    }


def _segment_ref(segment) -> dict | None:
    if segment is None:
        return None
    return {"dimension": segment.dimension.slug, "slug": segment.slug}


def _names(row) -> dict[str, str]:
    """``row``'s name in each other language it has one in."""
    return {
        code: text
        for code in translation_codes()
        if (text := getattr(row, language_column("name", code)))
    }


def _translations(report: Report) -> dict[str, dict]:
    """Each language ``report`` has any text in, laid out like its English
    (``document.translations``), and whether it is published there."""
    published = published_languages(report)
    found = {}
    for code in translation_codes():

        def text(row, name: str) -> str:
            return getattr(row, language_column(name, code)) or ""  # noqa: B023 - used at once

        item = {
            "published": code in published,
            "title": text(report, "title"),
            "headline": text(report, "headline"),
            "summary": text(report, "summary"),
            "sections": [
                {"heading": text(s, "heading"), "body": text(s, "body")}
                for s in report.sections.all()
            ],
            "toc": [text(t, "title") for t in report.toc_entries.all()],
            "faqs": [
                {"question": text(f, "question"), "answer": text(f, "answer")}
                for f in report.faqs.all()
            ],
            "players": [text(link, "blurb") for link in report.company_links.all()],
            "licences": {
                licence.tier: text(licence, "description") for licence in report.licences.all()
            },
        }
        if item["published"] or any(
            report_text.in_language(code) for report_text in report_texts(report)
        ):
            found[code] = item
    return found


def report_document(report: Report) -> dict:
    """The report as a JSON-ready document, its text in the active language (English for
    the export, ``catalogue_documents``) and its ``translations``; ``report`` should come
    from ``reports_for_export`` or ``reports.selectors.report_for_page`` (anything else
    costs a query per relation)."""
    return {
        "code": report.code,
        "slug": report.slug,
        "title": report.title,
        "headline": report.headline,
        "summary": report.summary,
        "status": report.status,
        "featured": report.featured,
        "published_at": report.published_at.isoformat() if report.published_at else None,
        "category": category_document(report.category),
        "periods": {
            "historic_start_year": report.historic_start_year,
            "base_year": report.base_year,
            "forecast_start_year": report.forecast_start_year,
            "forecast_end_year": report.forecast_end_year,
        },
        "page_count": report.page_count,
        "currency": report.currency,
        "unit": report.unit,
        "sections": [
            {"kind": s.kind, "heading": s.heading, "body": s.body} for s in report.sections.all()
        ],
        "toc": [{"level": t.level, "title": t.title} for t in report.toc_entries.all()],
        "faqs": [{"question": f.question, "answer": f.answer} for f in report.faqs.all()],
        "figures": [
            {
                "year": f.year,
                "value": decimal_text(f.value),
                "kind": f.kind,
                "segment": _segment_ref(f.segment) if f.segment_id else None,
                "precision": decimal_text(f.precision),
                "is_estimate": f.is_estimate,
            }
            for f in report.figures.all()
        ],
        "players": [
            {
                "company": {
                    "slug": link.company.slug,
                    "name": link.company.name,
                    "website": link.company.website,
                    "headquarters": str(link.company.headquarters or ""),
                    "description": link.company.description,
                },
                "blurb": link.blurb,
                "market_share": decimal_text(link.market_share),
            }
            for link in report.company_links.all()
        ],
        "segments": [
            {
                "dimension": {
                    "slug": link.segment.dimension.slug,
                    "name": link.segment.dimension.name,
                    "position": link.segment.dimension.position,
                    "is_geographic": link.segment.dimension.is_geographic,
                    "names": _names(link.segment.dimension),
                },
                "slug": link.segment.slug,
                "name": link.segment.name,
                "country": str(link.segment.country or ""),
                "description": link.segment.description,
                "parent": link.segment.parent.slug if link.segment.parent_id else None,
                "share_percent": decimal_text(link.share_percent),
                "share_of": _segment_ref(link.share_of) if link.share_of_id else None,
                "value": decimal_text(link.value),
                "value_year": link.value_year,
                "narrative": link.narrative,
                "names": _names(link.segment),
            }
            for link in report.segment_links.all()
        ],
        "licences": [
            {
                "tier": licence.tier,
                "price": decimal_text(licence.price),
                "currency": licence.currency,
                "seats": licence.seats,
                "description": licence.description,
            }
            for licence in report.licences.all()
        ],
        "translations": _translations(report),
    }


def catalogue_documents(queryset: QuerySet[Report] | None = None) -> Iterator[dict]:
    """Documents of ``queryset`` (default: every report by code), 500 reports per round trip."""
    queryset = reports_for_export() if queryset is None else queryset
    with override(settings.LANGUAGE_CODE):
        for report in queryset.iterator(chunk_size=500):
            yield report_document(report)
