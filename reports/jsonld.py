"""schema.org JSON-LD for a report page, built as plain dicts.

Templates only serialise these (``report_tags.ld_json``), so the structured data is
testable without rendering and never assembled from strings.
"""

from html import unescape

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal.site import absolute_url

from .html import sanitize_html
from .models import Category, Report


def _plain_text(rich_text: str) -> str:
    return unescape(strip_tags(sanitize_html(rich_text))).strip()


def product(report: Report, *, category_path: list[Category]) -> dict:
    """A Product with one Offer per licence, each pointing at the purchase page."""
    purchase_url = absolute_url(reverse("purchase", kwargs={"code": report.code}))
    return {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": report.title,
        "description": report.summary or report.headline,
        "sku": str(report.code),
        "url": absolute_url(report.get_absolute_url()),
        "category": " > ".join(category.name for category in category_path),
        "brand": {"@type": "Organization", "name": settings.PUBLISHER_NAME},
        "offers": [
            {
                "@type": "Offer",
                "name": licence.get_tier_display(),
                "price": str(licence.price),
                "priceCurrency": licence.currency,
                "availability": "https://schema.org/InStock",
                "url": purchase_url,
            }
            for licence in report.licences.all()
        ],
    }


def breadcrumb_list(report: Report, *, category_path: list[Category]) -> dict:
    """Home, then the category chain root first, then the report itself."""
    # Translators: the first link of the breadcrumb trail, to the site's home page.
    crumbs = [(_("Home"), reverse("reports:home"))]
    crumbs += [(category.name, category.get_absolute_url()) for category in category_path]
    crumbs.append((report.title, report.get_absolute_url()))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": absolute_url(path)}
            for index, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def web_page(report: Report, *, language: str) -> dict:
    """The page itself, in ``language`` (the language its text is in, an IETF tag)."""
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": report.title,
        "url": absolute_url(report.get_absolute_url()),
        "inLanguage": language,
    }


def faq_page(report: Report, *, language: str) -> dict | None:
    """An FAQPage of the report's questions with plain-text answers; None without FAQs."""
    faqs = list(report.faqs.all())
    if not faqs:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": language,
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": _plain_text(faq.answer)},
            }
            for faq in faqs
        ],
    }


def report_blocks(report: Report, *, category_path: list[Category], language: str) -> list[dict]:
    """Every JSON-LD block of a report page whose text is in ``language``, in page order."""
    blocks = [
        web_page(report, language=language),
        product(report, category_path=category_path),
        breadcrumb_list(report, category_path=category_path),
    ]
    faqs = faq_page(report, language=language)
    if faqs is not None:
        blocks.append(faqs)
    return blocks
