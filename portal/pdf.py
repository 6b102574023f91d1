"""The one place that turns a template and its context into PDF bytes (WeasyPrint).

Documents may carry text written by staff or pasted from press releases, so rendering
trusts nothing in them:

- ``StaticOnlyFetcher`` serves our own static files (looked up through the staticfiles
  finders, never a path taken from the URL as is) and ``data:`` URLs, and refuses anything
  else: ``file://``, every other host, FTP. It never opens a network connection, so there is
  no redirect to follow.
- Attachments (``<link rel=attachment>``, ``<a rel=attachment>``) are removed from the
  rendered document before it is written, whatever their URL.

Relative URLs in a document resolve against ``PDF_BASE_URL``, a host that cannot exist,
so ``{% static %}`` paths reach the fetcher as ``https://pdf.invalid/static/...``.

Each thread keeps one WeasyPrint ``FontConfiguration`` for all its renders: building one
loads Fontconfig's configuration and a new Pango font map (tens of milliseconds), and a
fresh one per render leaves the previous one's caches behind, so a worker grows by about
half a megabyte a render. Our stylesheets declare no ``@font-face`` (system fonts only),
so nothing accumulates in the shared configuration.

A render leaves tens of thousands of reference cycles behind (WeasyPrint's box tree), so
``html_to_pdf`` runs a full garbage collection as each render ends: the memory comes back
before the next render instead of whenever the collector's thresholds next fire, which
keeps a worker under 150 MB after 200 renders instead of growing past it (bench/sample_pdf.py).
In a worker, whose start-up objects are frozen (``portal.celery.prepare_worker_process``),
that collection takes a few milliseconds.
"""

import gc
import logging
import mimetypes
import posixpath
import threading
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal import metrics

logger = logging.getLogger(__name__)

PDF_BASE_URL = "https://pdf.invalid/"


_local = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's WeasyPrint font configuration, built on first use (not thread-safe
    to share: Pango font maps belong to one thread)."""
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


class RefusedURL(ValueError):
    """A document asked for a resource the fetcher does not serve."""


class StaticOnlyFetcher(URLFetcher):
    """Serves ``data:`` URLs and our static files; records and refuses everything else."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"PDF rendering does not fetch {url!r}")
        with open(path, "rb") as handle:
            body = handle.read()
        self.served.append(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> str | None:
        parts = urlsplit(url)
        origin = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            return None
        prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
        path = unquote(parts.path)
        if not path.startswith(prefix):
            return None
        relative = posixpath.normpath(path[len(prefix) :])
        if relative.startswith(("../", "/")) or relative in {"..", "."} or "\x00" in relative:
            return None
        return finders.find(relative)


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """PDF bytes for an HTML string, fetching only what ``StaticOnlyFetcher`` serves.

    Pass a fetcher to inspect afterwards what was served and refused.
    """
    fetcher = fetcher or StaticOnlyFetcher()
    try:
        return _write_without_attachments(
            HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher).render(
                font_config=font_configuration()
            ),
            fetcher,
        )
    finally:
        gc.collect()


def _write_without_attachments(document, fetcher: StaticOnlyFetcher) -> bytes:
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    if fetcher.refused:
        logger.warning("PDF render refused %d URL(s): %s", len(fetcher.refused), fetcher.refused)
    return document.write_pdf(attachments=None)


def render_pdf(
    template_name: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """Render ``template_name`` with ``context`` (Django templates) and return the PDF bytes,
    counted in ``portal_pdfs_rendered`` by kind (``portal.metrics.PDF_KINDS``)."""
    pdf = html_to_pdf(render_to_string(template_name, context), fetcher=fetcher)
    metrics.pdf_rendered(template_name)
    return pdf
