"""Every downloaded copy names who downloaded it.

The buyer's copy is rendered once per order (and edition) with the licensee in its footer;
a download adds, at the top of every page, the line chosen when its link was issued
(``DownloadLink.watermark``: the person's name, address and company and the date). The
line is drawn by WeasyPrint on a blank page of the document's size and laid over each page
with pypdf, which takes a fraction of a second (``bench/order_pdf.py``) where a render per
person would take seconds.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter

from portal.pdf import render_pdf

MARK_TEMPLATE = "pdf/download_mark.html"


def stamp(pdf: bytes, *, text: str) -> bytes:
    """``pdf`` with ``text`` at the top of every page; the document's metadata keeps it too."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    overlays: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in overlays:
            mark = render_pdf(MARK_TEMPLATE, {"text": text, "width": size[0], "height": size[1]})
            overlays[size] = PdfReader(io.BytesIO(mark)).pages[0]
        page.merge_page(overlays[size])
        page.compress_content_streams()
    writer.compress_identical_objects()
    writer.add_metadata({**(reader.metadata or {}), "/Subject": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def download_mark(*, name: str, email: str, company: str, on) -> str:
    """The line a download carries: who, from which company, when (in the language of the
    page the link was asked from)."""
    who = f"{name} <{email}>" if name and name.lower() != email else email
    return gettext("Downloaded by %(who)s, %(company)s, on %(date)s. Not for redistribution.") % {
        "who": who,
        "company": company,
        "date": date_format(on, "DATE_FORMAT"),
    }
