"""What a user reads: the visible text of a page, of a PDF's pages, of an e-mail."""

import io
from html.parser import HTMLParser

from pypdf import PdfReader

HIDDEN_TAGS = {"script", "style", "title"}


def text_of(response) -> str:
    """The visible text of a page, whitespace collapsed, scripts and styles left out."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in HIDDEN_TAGS

        def handle_endtag(self, tag):
            self.skip -= tag in HIDDEN_TAGS

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def pdf_pages(data: bytes) -> list[str]:
    """The extracted text of each page of a PDF."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def text_body(message) -> str:
    """The plain-text part of a received e-mail."""
    return message.get_body(preferencelist=("plain",)).get_content()
