"""Searching a report's published translations on PostgreSQL: how each language's text is
indexed, what a query in that language looks for, and writing the indexed rows
(``reports.models.SearchTranslation``).

PostgreSQL ships a stemmer for German, French, Spanish and a score of other languages
(``german`` finds "Zweitmeinungen" for "Zweitmeinung"), but none for Chinese, Japanese or
Korean, whose words are not separated by spaces: its parser takes a whole run of them
("医療セカンドオピニオン市場") as one word. Their text is therefore indexed with the
``simple`` configuration as overlapping pairs of characters ("医療 療セ セカ …", the
bigrams Lucene's CJK analyser uses), and a query word becomes the phrase of its own
pairs, which matches exactly where the word occurs inside a longer run. One GIN index
serves every language.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import get_language_info

from portal.i18n import CJK_RUN, language_column
from reports.models import Report, ReportLanguage, SearchTranslation, Section
from segments.models import ReportSegment

STEMMED_CONFIGS = frozenset(
    """arabic armenian basque catalan danish dutch english finnish french german greek hindi
    hungarian indonesian irish italian lithuanian nepali norwegian portuguese romanian
    russian serbian spanish swedish tamil turkish yiddish""".split()
)
"""PostgreSQL 15's stock text-search configurations with a stemmer, named after their
language."""


_WORD = re.compile(r"\w+")
MAX_QUERY_WORDS = 10


def text_search_config(language: str) -> str:
    """The configuration ``language`` is indexed and searched with: the stock one named
    after it in English ("German" → ``german``) where PostgreSQL has it, else ``simple``."""
    name = get_language_info(language)["name"].lower()
    return name if name in STEMMED_CONFIGS else "simple"


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def indexed_text(text: str) -> str:
    """``text`` as the ``simple`` configuration should read it: each CJK run written as
    its overlapping pairs of characters, set apart from the words around it."""
    return CJK_RUN.sub(lambda run: " " + " ".join(_pairs(run.group(0))) + " ", text)


def _plain(body: str) -> str:
    """Rich text as words: tags become spaces, so that paragraphs stay apart."""
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def _lexeme(text: str, *, prefix: bool = False) -> str:
    quoted = "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + ":*" if prefix else quoted


def _simple_query(q: str) -> str:
    """A raw ``tsquery`` every word of ``q`` must match (``&``): a CJK run as the phrase of
    its pairs (``'医療' <-> '療セ'``), a single CJK character or another word as a prefix,
    so that it is found at the start of an indexed pair or word. Empty when ``q`` has no
    word."""
    terms = []
    for word in _WORD.findall(q.lower())[:MAX_QUERY_WORDS]:
        position = 0
        for run in CJK_RUN.finditer(word):
            if run.start() > position:
                terms.append(_lexeme(word[position : run.start()], prefix=True))
            pairs = _pairs(run.group(0))
            if len(run.group(0)) == 1:
                terms.append(_lexeme(pairs[0], prefix=True))
            else:
                terms.append("(" + " <-> ".join(map(_lexeme, pairs)) + ")")
            position = run.end()
        if position < len(word):
            terms.append(_lexeme(word[position:], prefix=True))
    return " & ".join(terms)


def translated_query(q: str, language: str) -> SearchQuery | None:
    """What ``q`` looks for in ``language``'s indexed text; None when it has no word."""
    config = text_search_config(language)
    if config != "simple":
        return SearchQuery(q, config=config, search_type="websearch")
    raw = _simple_query(q)
    return SearchQuery(raw, config="simple", search_type="raw") if raw else None


def translated_rank_sql(q: str, language: str, report_id: str) -> tuple[str, list] | None:
    """SQL for the rank of the report whose id is the SQL expression ``report_id`` by its
    text in ``language`` (0 without one), and its parameters; None when ``q`` has
    nothing to look for there. For statements the ORM does not write
    (``facets._ORDERED_SQL``)."""
    config = text_search_config(language)
    if config != "simple":
        tsquery, params = "websearch_to_tsquery(%s::regconfig, %s)", [config, q]
    elif raw := _simple_query(q):
        tsquery, params = "to_tsquery('simple'::regconfig, %s)", [raw]
    else:
        return None
    sql = (
        f"coalesce((SELECT ts_rank(t.search_vector, {tsquery}) FROM reports_searchtranslation t"  # noqa: S608 - our own SQL
        f" WHERE t.report_id = {report_id} AND t.language = %s), 0)"
    )
    return sql, [*params, language]


def translated_matches_query(q: str, language: str) -> QuerySet:
    """The ``report_id`` of the reports published in ``language`` whose text there matches
    ``q``, as a subquery (none when ``q`` has nothing to look for)."""
    query = translated_query(q, language)
    rows = SearchTranslation.objects.filter(language=language)
    rows = rows.filter(search_vector=query) if query is not None else rows.none()
    return rows.values("report_id")


def translated_match_ids(q: str, language: str) -> list[int]:
    """``translated_matches_query`` read: a list, read without a ``LIMIT``, as with one
    PostgreSQL expects an early hit and reads the table instead of the index."""
    if translated_query(q, language) is None:
        return []
    return [row["report_id"] for row in translated_matches_query(q, language)]


WRITE_SQL = """
INSERT INTO reports_searchtranslation (report_id, language, search_vector)
SELECT t.report_id, t.language,
       setweight(to_tsvector(t.config::regconfig, t.a), 'A')
    || setweight(to_tsvector(t.config::regconfig, t.b), 'B')
    || setweight(to_tsvector(t.config::regconfig, t.c), 'C')
    || setweight(to_tsvector(t.config::regconfig, t.d), 'D')
  FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
              %s::text[]) AS t(report_id, language, config, a, b, c, d)
"""


def translated_documents_write(*, report_ids: Iterable[int]) -> int:
    """Rewrite the ``SearchTranslation`` rows of ``report_ids``: one per language each is
    published in, none for the others (PostgreSQL). A text left empty in a published
    language is shown in English, and the English document already holds it.

    Only the language's own text is indexed: the English document already holds what
    every language shares (key players' and categories' names), and the search adds its
    matches (``matching.language_text_match``), so an English word on a translated page
    finds nothing here and keeps the English search's kept counts.

    Reads the published languages, the reports, their sections and segments once each,
    whatever the number of reports; returns the rows written."""
    ids = sorted(set(report_ids))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_searchtranslation WHERE report_id = ANY(%s)", [ids])
    published: dict[int, list[str]] = defaultdict(list)
    for report_id, language in ReportLanguage.objects.filter(
        report_id__in=ids, published_at__isnull=False
    ).values_list("report_id", "language"):
        published[report_id].append(language)
    if not published:
        return 0
    languages = sorted({code for codes in published.values() for code in codes})

    def columns(field: str) -> list[str]:
        return [language_column(field, code) for code in languages]

    reports = {
        row["pk"]: row
        for row in Report.objects.filter(pk__in=published).values(
            "pk",
            *columns("title"),
            *columns("headline"),
            *columns("summary"),
        )
    }
    sections = defaultdict(list)
    for row in (
        Section.objects.filter(report_id__in=published)
        .order_by("position")
        .values("report_id", *columns("heading"), *columns("body"))
    ):
        sections[row["report_id"]].append(row)
    segments = defaultdict(list)
    segment_columns = [f"segment__{column}" for column in columns("name")]
    for row in ReportSegment.objects.filter(report_id__in=published).values(
        "report_id", *segment_columns
    ):
        segments[row["report_id"]].append(row)

    rows: list[list] = [[] for _ in range(7)]
    for report_id, codes in published.items():
        report = reports[report_id]
        for code in codes:
            config = text_search_config(code)

            def text(row: dict, field: str, prefix: str = "", code: str = code) -> str:
                return row.get(prefix + language_column(field, code)) or ""

            b = [
                text(report, "headline"),
                *(text(row, "name", "segment__") for row in segments[report_id]),
            ]
            d = [
                f"{text(row, 'heading')} {_plain(text(row, 'body'))}" for row in sections[report_id]
            ]
            values = [text(report, "title"), " ".join(b), text(report, "summary"), " ".join(d)]
            if config == "simple":
                values = [indexed_text(value) for value in values]
            for column, value in zip(rows, [report_id, code, config, *values], strict=True):
                column.append(value)
    with connection.cursor() as cursor:
        cursor.execute(WRITE_SQL, rows)
        return cursor.rowcount
