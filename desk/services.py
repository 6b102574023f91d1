"""Writes of the staff desk."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import UnansweredSearch

QUERY_LENGTH = UnansweredSearch._meta.get_field("query").max_length


def normalised_query(q: str) -> str:
    """``q`` as searches are counted: case folded, runs of spaces made one, cut to the
    column's length, so "Heat  Pumps" and "heat pumps" are one search."""
    return " ".join(q.casefold().split())[:QUERY_LENGTH].strip()


def unanswered_search_record(*, q: str, day: date | None = None) -> None:
    """Count one search for ``q`` that found nothing today (or on ``day``). Safe under
    concurrent calls: the row is created once, every other call adds one to it."""
    query = normalised_query(q)
    if not query:
        return
    day = day or timezone.localdate()
    rows = UnansweredSearch.objects.filter(query=query, day=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UnansweredSearch.objects.create(query=query, day=day)
    except IntegrityError:
        rows.update(count=F("count") + 1)
