"""What a test reads from a PDF beyond its text."""

import io

from pypdf import PdfReader


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts the PDF's pages use, e.g. ``/ABCDEF+NotoSansCJKjp-Regular``."""
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts
