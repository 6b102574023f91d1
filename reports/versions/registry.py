"""What a version of a report holds: the report's content fields and the rows of its
inlines. The workflow fields are left out of every comparison and are never taken back
from a version (``services.content_apply``): a version restored or a draft published
must not undo a publication, a review step, an edition or the cache revision."""

import reversion

WORKFLOW_FIELDS = (
    "status",
    "review_state",
    "publish_scheduled_at",
    "publish_scheduled_by",
    "published_at",
    "updated_at",
    "created_at",
    "revision",
    "edition",
    "edition_date",
    "findings_errors",
    "findings_warnings",
)

CONTENT_RELATIONS = (
    "sections",
    "toc_entries",
    "faqs",
    "figures",
    "company_links",
    "segment_links",
    "licences",
)
"""The report's inline rows a version holds (and a restore puts back, deleting rows added
since). Editions, languages and orders are records of what happened, not content."""


def register() -> None:
    """Register the report and its content rows with django-reversion (``ready``), before
    the admin's ``VersionAdmin`` would register them with every inline, editions included."""
    from segments.models import ReportSegment

    from ..models import (
        Company,
        Faq,
        Licence,
        MarketFigure,
        Report,
        ReportCompany,
        Section,
        TocEntry,
    )

    for model in (Section, TocEntry, Faq, MarketFigure, ReportCompany, ReportSegment, Licence):
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Company):
        reversion.register(Company)
    if not reversion.is_registered(Report):
        reversion.register(Report, follow=CONTENT_RELATIONS)
