"""The typed report document: what ``document_validate`` returns and the importer writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from reports.figures import UNIT_EXPONENTS
from reports.integrity import (
    FigureItem,
    Periods,
    ReportContent,
    ShareLink,
    TextItem,
)
from reports.models import FigureUnit, ReportStatus

from .translations import TranslationDoc


class DocumentInvalid(ValueError):
    """``errors``: field path → list of messages, ``"non_field_errors"`` for the whole."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


@dataclass(frozen=True)
class CategoryDoc:
    slug: str
    name: str
    description: str = ""
    parent: CategoryDoc | None = None
    position: int | None = None


@dataclass(frozen=True)
class CompanyDoc:
    slug: str
    name: str
    website: str = ""
    headquarters: str = ""
    description: str = ""


@dataclass(frozen=True)
class DimensionDoc:
    """``name``, ``position`` or ``is_geographic`` None: keep the catalogue's (or default)."""

    slug: str
    name: str | None = None
    position: int | None = None
    is_geographic: bool | None = None
    names: tuple[tuple[str, str], ...] = ()
    """(language, name) pairs of the name in other languages."""


@dataclass(frozen=True)
class SegmentDoc:
    dimension: DimensionDoc
    slug: str
    name: str
    country: str = ""
    description: str = ""
    parent: str | None = None
    share_percent: Decimal | None = None
    share_of: tuple[str, str] | None = None
    value: Decimal | None = None
    value_year: int | None = None
    narrative: str = ""
    names: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.dimension.slug, self.slug)


@dataclass(frozen=True)
class FigureDoc:
    """``precision``: the unit of the last digit the source wrote (0.1 for "2.5"), in the
    report's unit; None when the value is exact. ``is_estimate``: the source presents it as
    an assumption."""

    year: int
    value: Decimal
    kind: str
    segment: tuple[str, str] | None = None
    precision: Decimal | None = None
    is_estimate: bool = False


@dataclass(frozen=True)
class PlayerDoc:
    company: CompanyDoc
    blurb: str = ""
    market_share: Decimal | None = None


@dataclass(frozen=True)
class LicenceDoc:
    tier: str
    price: Decimal
    currency: str
    seats: int = 1
    description: str = ""


@dataclass
class ReportDocument:
    code: int
    slug: str
    title: str
    category: CategoryDoc
    historic_start_year: int | None
    base_year: int | None
    forecast_start_year: int | None
    forecast_end_year: int | None
    headline: str = ""
    summary: str = ""
    status: str = ReportStatus.DRAFT
    featured: bool = False
    published_at: datetime | None = None
    page_count: int | None = None
    currency: str = "USD"
    unit: str = FigureUnit.BILLION
    sections: list[dict] = field(default_factory=list)
    toc: list[dict] = field(default_factory=list)
    faqs: list[dict] = field(default_factory=list)
    figures: list[FigureDoc] = field(default_factory=list)
    players: list[PlayerDoc] = field(default_factory=list)
    segments: list[SegmentDoc] = field(default_factory=list)
    licences: list[LicenceDoc] | None = None
    language: str = "en"
    translations: dict[str, TranslationDoc] = field(default_factory=dict)
    """The language of the texts, for reading their numbers (decimal mark, grouping)."""

    def content(self) -> ReportContent:
        """The integrity snapshot (``reports.integrity``) of this document, unsaved."""
        texts = [
            TextItem("Title", self.title),
            TextItem("Headline", self.headline),
            TextItem("Summary", self.summary),
        ]
        for section in self.sections:
            texts.append(
                TextItem(
                    f'Section "{section["heading"]}"',
                    f"{section['heading']}\n{section['body']}",
                    section["body"],
                )
            )
        for entry in self.toc:
            texts.append(
                TextItem(
                    f'Table of contents entry "{entry["title"]}"', entry["title"], is_name=True
                )
            )
        for faq in self.faqs:
            texts.append(
                TextItem(
                    f'FAQ "{faq["question"]}"', f"{faq['question']}\n{faq['answer']}", faq["answer"]
                )
            )
        for player in self.players:
            texts.append(TextItem(f'Key player "{player.company.name}"', player.blurb))
            texts.append(TextItem("Key player name", player.company.name, is_name=True))
        names = {segment.key: segment.name for segment in self.segments}
        for licence in self.licences or ():
            texts.append(TextItem(f'Licence "{licence.tier}"', licence.description, is_name=True))
        for segment in self.segments:
            texts.append(TextItem("Segment name", segment.name, is_name=True))
            if segment.narrative:
                texts.append(TextItem(f'Segment "{segment.name}"', segment.narrative))
        return ReportContent(
            periods=Periods(
                historic_start_year=self.historic_start_year,
                base_year=self.base_year,
                forecast_start_year=self.forecast_start_year,
                forecast_end_year=self.forecast_end_year,
            ),
            texts=tuple(item for item in texts if item.text),
            figures=tuple(
                FigureItem(
                    year=f.year,
                    value=f.value,
                    segment=f.segment,
                    segment_name=names.get(f.segment, f.segment[1]) if f.segment else "",
                    precision=f.precision,
                    is_estimate=f.is_estimate,
                )
                for f in self.figures
            ),
            shares=tuple(
                ShareLink(
                    dimension=segment.dimension.name or segment.dimension.slug,
                    segment=segment.key,
                    segment_name=segment.name,
                    parent=(segment.dimension.slug, segment.parent) if segment.parent else None,
                    share_of=segment.share_of,
                    share_of_name=names.get(segment.share_of, segment.share_of[1])
                    if segment.share_of
                    else "",
                    share_percent=segment.share_percent,
                )
                for segment in self.segments
            ),
            currency=self.currency,
            unit_exponent=UNIT_EXPONENTS.get(self.unit, 9),
            language=self.language,
        )


def decimal_text(value: Decimal | None) -> str | None:
    """``Decimal("2.5000")`` → ``"2.5"``; never an exponent."""
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text
