"""A report as one plain JSON document: what the export writes, the import and the staff API
read, and the press-release parser produces.

Shape (every key optional unless marked *)::

    {"code"*, "slug"*, "title"*, "headline", "summary", "status", "featured", "published_at",
     "category"*: {"slug"*, "name", "description", "parent": <category or null>},
     "periods": {"historic_start_year", "base_year", "forecast_start_year",
                 "forecast_end_year"}   (all four required to publish; a draft may leave
                                          out what its source does not state),
     "page_count", "currency", "unit" (thousand, million, billion, trillion), "language",
     "sections": [{"kind", "heading"*, "body"}], "toc": [{"level", "title"*}],
     "faqs": [{"question"*, "answer"}],
     "figures": [{"year"*, "value"*, "kind", "segment": <segment ref or null>,
                  "precision" (the unit of the last digit the source wrote, e.g. "0.1"),
                  "is_estimate" (the source presents the value as an assumption)}],
     "players": [{"company"*: {"slug"*, "name", "website", "headquarters", "description"},
                  "blurb", "market_share"}],
     "segments": [{"dimension"*: {"slug"*, "name", "position", "is_geographic"},
                   "slug"*, "name", "country", "description", "parent": <slug or null>,
                   "share_percent", "share_of": <segment ref or null>, "value", "value_year",
                   "narrative"}],
     "licences": [{"tier"*, "price"*, "currency", "seats", "description"}] or null}

A segment ref is ``{"dimension": slug, "slug": slug}``. Decimals travel as strings so no
precision is lost; ``licences`` null means the defaults from settings.

``document_validate`` turns raw data into a ``ReportDocument`` or raises ``DocumentInvalid``
whose ``errors`` map a field path ("sections.2.heading") to its messages. It is plain Python
rather than a DRF serializer because the bulk import validates ten thousand documents a minute.

Modules: ``types`` (the typed document), ``reader`` (typed field reads collecting errors),
``validate`` (``document_validate``).
"""

from .reader import MAX_CODE, SLUG_RE
from .types import (
    CategoryDoc,
    CompanyDoc,
    DimensionDoc,
    DocumentInvalid,
    FigureDoc,
    LicenceDoc,
    PlayerDoc,
    ReportDocument,
    SegmentDoc,
    decimal_text,
)
from .validate import document_validate

__all__ = [
    "MAX_CODE",
    "SLUG_RE",
    "CategoryDoc",
    "CompanyDoc",
    "DimensionDoc",
    "DocumentInvalid",
    "FigureDoc",
    "LicenceDoc",
    "PlayerDoc",
    "ReportDocument",
    "SegmentDoc",
    "decimal_text",
    "document_validate",
]
