"""Facet counts kept per frequent word (PostgreSQL), so a one-word search for a word in
thousands of reports reads a couple of hundred count rows instead of counting its matches.

Contract:
- ``reports_frequentlexeme`` lists the kept lexemes; for each, ``reports_lexemefacet``
  holds exactly the counts ``facets.raw_counts`` gives for the published reports whose
  search document contains it. Database triggers keep them so on every write (migration
  0010); only ``frequent_lexeme_keep`` adds to the list, counting the new lexeme's
  matches while writers wait, so a listed lexeme's counts are never partial.
- ``frequent_word_counts(q)`` returns those counts when the search ``q`` is exactly one
  kept lexeme (``websearch_to_tsquery`` gives one operand), else None: the caller then
  counts the matches.

Which lexemes: those the planner's statistics (``pg_stats`` on the documents' vectors,
refreshed by ANALYZE and autovacuum) put in at least ``FREQUENT_SHARE`` of the documents,
below the share of words in nearly every report (``matching.UBIQUITOUS_SHARE``), which a
search lists as the catalogue without counting. Counting fewer matches than that live
costs under 15 ms at 100,000 reports. The list is refreshed by a periodic task
(``reports.tasks.refresh_frequent_lexemes``) and after a bulk load.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from . import matching
from .facets import summed_counts
from .index import generation_memo, is_postgresql, search_generation_advance

FREQUENT_SHARE = 0.01
FREQUENT_MIN_REPORTS = 10_000

_WORD_COUNTS_SQL = """
WITH w AS (
  SELECT tsvector_to_array(to_tsvector('english'::regconfig, %s)) AS lexemes,
         numnode(websearch_to_tsquery('english'::regconfig, %s)) AS nodes
)
SELECT f.kind, f.key, f.n
  FROM w
  JOIN reports_lexemefacet AS f ON f.lexeme = w.lexemes[1]
  JOIN reports_frequentlexeme AS k ON k.lexeme = f.lexeme
 WHERE w.nodes = 1 AND cardinality(w.lexemes) = 1
"""


def statistics_lexemes(kept: Iterable[str] = ()) -> set[str]:
    """The lexemes the statistics put in ``FREQUENT_SHARE`` or more of the documents (and
    not in nearly all of them); none below ``FREQUENT_MIN_REPORTS`` documents. A lexeme
    in ``kept`` stays while in half that share, so sampling noise around the line does
    not drop and recount it every hour."""
    kept = set(kept)
    shares = matching.lexeme_shares(at_least=FREQUENT_SHARE / 2, min_documents=FREQUENT_MIN_REPORTS)
    return {
        lexeme
        for lexeme, share in shares.items()
        if share < matching.UBIQUITOUS_SHARE and (share >= FREQUENT_SHARE or lexeme in kept)
    }


def kept_lexemes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexeme FROM reports_frequentlexeme")
        return {row[0] for row in cursor.fetchall()}


def frequent_lexemes_refresh(*, lexemes: Iterable[str] | None = None) -> tuple[int, int]:
    """Keep counts for ``lexemes`` (by default ``statistics_lexemes``) and no others;
    returns how many were (added, dropped). Each new lexeme is counted in a transaction
    of its own (``frequent_lexeme_keep``), so writers wait for one lexeme's count at a
    time, not for all of them. Advances the search generation when the list changed.
    PostgreSQL only."""
    if not is_postgresql():
        return 0, 0
    kept = kept_lexemes()
    wanted = set(lexemes) if lexemes is not None else statistics_lexemes(kept)
    dropped = sorted(kept - wanted)
    if dropped:
        frequent_lexemes_drop(lexemes=dropped)
    added = [lexeme for lexeme in sorted(wanted - kept) if frequent_lexeme_keep(lexeme=lexeme)]
    if added or dropped:
        search_generation_advance()
    return len(added), len(dropped)


@transaction.atomic
def frequent_lexeme_keep(*, lexeme: str) -> bool:
    """Count ``lexeme``'s matches and list it, so the triggers keep its counts from now
    on; False if it was kept already. Writers to the search documents wait meanwhile (a
    ``SHARE`` lock, about 0.13 s for a word in a tenth of 100,000 reports), so no write
    falls between the counting and the triggers taking the lexeme into account. The
    work is the database function ``reports_lexemefacet_keep`` (migration 0010), beside
    the triggers whose sums it must equal."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reports_lexemefacet_keep(%s)", [lexeme])
        return cursor.fetchone()[0]


@transaction.atomic
def frequent_lexemes_drop(*, lexemes: list[str]) -> None:
    """Stop keeping counts for ``lexemes``. Count rows a concurrent write adds for them
    afterwards are never read (reads join the list) and are replaced if one is kept
    again."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_frequentlexeme WHERE lexeme = ANY(%s)", [lexemes])
        cursor.execute("DELETE FROM reports_lexemefacet WHERE lexeme = ANY(%s)", [lexemes])


def _kept_prefixes(generation: int) -> frozenset[str]:
    return generation_memo(
        "frequent-lexeme-prefixes",
        generation,
        lambda: frozenset(lexeme[:4] for lexeme in kept_lexemes()),
    )


def frequent_word_counts(q: str, generation: int) -> dict | None:
    """``facets.raw_counts``' counts for the published reports matching ``q`` if ``q`` is
    one kept lexeme, read from the kept counts; None otherwise. The database is asked
    only when ``q`` has one word besides stop words and that word shares its
    first four letters with a kept lexeme (the kept list is read once per process and
    generation); skipping it wrongly only means counting the matches."""
    words = set(matching.searchable_words(q))
    prefixes = _kept_prefixes(generation)
    if len(words) != 1 or not prefixes or next(iter(words))[:4] not in prefixes:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_WORD_COUNTS_SQL, [q, q])
        rows = cursor.fetchall()
    if not rows:
        return None
    return summed_counts(rows)
