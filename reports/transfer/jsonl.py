"""JSON Lines: one report document per line, UTF-8, keys in a fixed order."""

import json
from collections.abc import Iterable
from typing import TextIO

from .export import catalogue_documents


def documents_write(documents: Iterable[dict], out: TextIO) -> int:
    """Write each document on its own line; returns how many were written."""
    count = 0
    for document in documents:
        out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def catalogue_export(out: TextIO, queryset=None) -> int:
    return documents_write(catalogue_documents(queryset), out)
