"""Which published reports a text query matches: full text (PostgreSQL) or every word
somewhere in the report (SQLite), the spelling correction and similar-spelling fallback
for a query nothing matches, and the words of a query found in nearly every report.
``engine`` runs them; they read no search state beyond the query text."""

from __future__ import annotations

import difflib
import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from portal.i18n import english_column, language_column
from reports.models import Company, Report, ReportCompany, ReportStatus, SearchDocument, Section
from segments.models import ReportSegment, Segment

from .index import generation_memo, is_postgresql
from .translated import translated_match_ids, translated_matches_query

UBIQUITOUS_SHARE = 0.97
UBIQUITOUS_MIN_REPORTS = 10_000
TRIGRAM_THRESHOLD = 0.5
TRANSLATED_IDS_LISTED = 1000
"""Up to this many reports matched in another language are added to the English matches
as a list of ids, which PostgreSQL reads through the primary key beside the English GIN
index (71 ms for "医療", 474 matches, against 91 ms as a subquery; bench/languages.py).
Beyond it they are added as a subquery: the list made the planner test every report's
vector (1 s for a word in all 9,941 Japanese reports, against 234 ms)."""
_WORD = re.compile(r"\w+", re.UNICODE)

ENGLISH_STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
    """.split()
)
"""The words PostgreSQL's English configuration drops (its ``english.stop``): a query of
only these has nothing to look for, on PostgreSQL or SQLite."""

Matches = QuerySet[SearchDocument] | QuerySet[Report]
"""Published reports a search keeps: search documents on PostgreSQL, reports on SQLite."""


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def searchable_words(text: str) -> list[str]:
    """The words of ``text`` a search looks for: not ``ENGLISH_STOP_WORDS``."""
    return [word for word in words(text) if word not in ENGLISH_STOP_WORDS]


def ts_query(q: str) -> SearchQuery:
    return SearchQuery(q, config="english", search_type="websearch")


def text_match(reports: Matches, q: str) -> Matches:
    """The reports of ``reports`` whose text matches ``q`` (``language_text_match``)."""
    return language_text_match(reports, q)[0]


def language_text_match(reports: Matches, q: str) -> tuple[Matches, bool]:
    """The reports of ``reports`` whose text matches ``q``, and whether they are exactly
    those its English text matches (then the counts kept for a frequent word apply).

    Full-text on PostgreSQL; on SQLite every word but stop words must occur in one of the
    fields. In another language than English, the reports published in that language
    whose text there matches ``q`` are added: on PostgreSQL through their own indexed text
    (``translated.translated_match_ids``), on SQLite ``translated_matches``."""
    language = get_language()
    english = _english_match(reports, q)
    if language == settings.LANGUAGE_CODE:
        return english, True
    if not is_postgresql():
        return english | reports.filter(pk__in=translated_matches(q, language)), False
    translated = translated_match_ids(q, language)
    if not translated:
        return english, True
    if len(translated) <= TRANSLATED_IDS_LISTED:
        return english | reports.filter(pk__in=translated), False
    union = english.values("pk").union(translated_matches_query(q, language))
    return reports.filter(pk__in=union), False


def _english_match(reports: Matches, q: str) -> Matches:
    if is_postgresql():
        return reports.filter(search_vector=ts_query(q))
    title, headline, summary = (english_column(f) for f in ("title", "headline", "summary"))
    heading, body = english_column("heading"), english_column("body")
    for word in searchable_words(q)[:10]:
        reports = reports.filter(
            Q(**{f"{title}__icontains": word})
            | Q(**{f"{headline}__icontains": word})
            | Q(**{f"{summary}__icontains": word})
            | Q(category__name__icontains=word)
            | Exists(
                Section.objects.filter(
                    Q(**{f"{heading}__icontains": word}) | Q(**{f"{body}__icontains": word}),
                    report=OuterRef("pk"),
                )
            )
            | Exists(
                ReportCompany.objects.filter(report=OuterRef("pk"), company__name__icontains=word)
            )
            | Exists(
                ReportSegment.objects.filter(
                    report=OuterRef("pk"),
                    **{f"segment__{english_column('name')}__icontains": word},
                )
            )
        )
    return reports


def translated_matches(q: str, language: str) -> list[int]:
    """Ids of the reports published in ``language`` whose title, headline or summary in
    it, or whose segments' names there or key players' names, hold every word of ``q``
    (SQLite, the embedded default; PostgreSQL searches indexed text instead).

    Words are matched as substrings: Japanese, Chinese and Korean are written without
    spaces between words, so a word of the query is found inside a longer run, and a
    German compound ("Wärmepumpenmarkt") holds its parts. Sections are left out, as
    reading them all is slow. The few segments and companies a word names are looked up
    first, so each report is tested against a list of ids."""
    column = {f: language_column(f, language) for f in ("title", "headline", "summary")}
    segment_name = f"{language_column('name', language)}__icontains"
    reports = Report.objects.filter(
        status=ReportStatus.PUBLISHED,
        languages__language=language,
        languages__published_at__isnull=False,
    )
    for word in words(q)[:10]:
        named = Q(**{f"{column['title']}__icontains": word})
        named |= Q(**{f"{column['headline']}__icontains": word})
        named |= Q(**{f"{column['summary']}__icontains": word})
        segments = list(Segment.objects.filter(**{segment_name: word}).values_list("pk", flat=True))
        if segments:
            named |= Exists(
                ReportSegment.objects.filter(report=OuterRef("pk"), segment_id__in=segments)
            )
        companies = list(Company.objects.filter(name__icontains=word).values_list("pk", flat=True))
        if companies:
            named |= Exists(
                ReportCompany.objects.filter(report=OuterRef("pk"), company_id__in=companies)
            )
        reports = reports.filter(named)
    return list(reports.values_list("pk", flat=True))


def lexeme_shares(*, at_least: float, min_documents: int) -> dict[str, float]:
    """Lexeme → the share of search documents it is in, for every lexeme in at least
    ``at_least`` of them, read from the planner's statistics (``pg_stats``, which ANALYZE
    and autovacuum refresh: a sample, so a share is an estimate). Empty below
    ``min_documents`` documents. PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT u.lexeme, u.share
              FROM pg_stats AS s
                   CROSS JOIN LATERAL unnest(
                       s.most_common_elems::text::text[], s.most_common_elem_freqs
                   ) AS u(lexeme, share)
             WHERE s.schemaname = current_schema()
               AND s.tablename = 'reports_searchdoc'
               AND s.attname = 'search_vector'
               AND u.lexeme IS NOT NULL
               AND u.share >= %s
               AND (SELECT reltuples FROM pg_class
                     WHERE oid = 'reports_searchdoc'::regclass) >= %s
            """,
            [at_least, min_documents],
        )
        return dict(cursor.fetchall())


def ubiquitous_lexemes(generation: int) -> frozenset[str]:
    """Lexemes in at least ``UBIQUITOUS_SHARE`` of the search documents ("market" on a
    market-research site), kept per process under the generation. Empty below
    ``UBIQUITOUS_MIN_REPORTS`` documents, where counting every match is cheap."""

    def read() -> frozenset[str]:
        return frozenset(
            lexeme_shares(at_least=UBIQUITOUS_SHARE, min_documents=UBIQUITOUS_MIN_REPORTS)
        )

    return generation_memo("ubiquitous-lexemes", generation, read)


_OR = re.compile(r"(?<!\S)or(?!\S)", re.IGNORECASE)


def without_common_words(q: str, generation: int) -> tuple[str, list[str]]:
    """``q`` without its words found in nearly every report, and those words (PostgreSQL).

    Such a word ("market" on a market-research site) acts as a stop word: requiring it
    keeps nearly the same reports, but makes the query one the database must count live
    ("healthcare market" 46 ms against 17 ms for "healthcare" at 100,000 reports), and a
    query of only such words would read the whole catalogue (800 ms) to list what the
    catalogue lists anyway. Returns ``("", words)`` when every word of ``q`` is common
    (list the catalogue), ``(q, [])`` when none is. A query with ``-word`` or quotes is
    taken as written; one with ``or`` too, unless all its words are common. Words are the
    whitespace-separated parts of ``q``; one the English configuration drops ("the") is
    kept and counts as neither."""
    common = ubiquitous_lexemes(generation)
    parts = q.split()
    if not common or not parts or any(mark in q for mark in '-"'):
        return q, []
    prefixes = {lexeme[:4] for lexeme in common}
    if not any(word[:4] in prefixes for word in words(q)):
        return q, []  # no word can stem to a common lexeme: spare the round trip
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT part, tsvector_to_array(to_tsvector('english'::regconfig, part)) "
            "FROM unnest(%s::text[]) AS part",
            [parts],
        )
        lexemes = dict(cursor.fetchall())
    meaningful = [part for part in parts if lexemes[part]]
    dropped = [part for part in meaningful if common.issuperset(lexemes[part])]
    if dropped and len(dropped) == len(meaningful):
        return "", list(dict.fromkeys(dropped))
    if not dropped or _OR.search(q):
        return q, []
    return " ".join(part for part in parts if part not in dropped), list(dict.fromkeys(dropped))


def set_trigram_threshold() -> None:
    """pg_trgm's ``%>`` operator (index-assisted) compares against this session setting."""
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [TRIGRAM_THRESHOLD])


def fuzzy_match(reports: Matches, q: str) -> Matches:
    """Titles or key players' names close to ``q`` by trigram word similarity (pg_trgm).

    The candidates are one ``UNION`` of the two trigram lookups, so the planner starts
    from them (a few rows, through the trigram indexes): an ``OR`` of the two made it
    test every report against both, 600 ms at 100,000 reports."""
    titles = Report.objects.filter(
        **{f"{english_column('title')}__trigram_word_similar": q}
    ).values("pk")
    players = ReportCompany.objects.filter(
        company__in=Company.objects.filter(name__trigram_word_similar=q).values("pk")
    ).values("report_id")
    return reports.filter(pk__in=titles.union(players))


def correction(q: str, reports: Matches) -> str:
    """``q`` with each unknown word replaced by the closest word of nearby titles and
    company names; empty when nothing better is found. On PostgreSQL the candidates are
    the words of every title and key player's name within trigram distance of a query
    word (``reports_searchword``, a few thousand rows however large the catalogue)."""
    if is_postgresql():
        asked = [word for word in words(q) if len(word) > 2][:10]
        titles = []
        if asked:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT word FROM reports_searchword WHERE "
                    + " OR ".join(["word %% %s"] * len(asked))
                    + " LIMIT 200",
                    asked,
                )
                titles = [row[0] for row in cursor.fetchall()]
    else:
        titles = list(reports.values_list(english_column("title"), flat=True)[:5000])
        titles += list(Company.objects.values_list("name", flat=True)[:5000])
    vocabulary = sorted({w for title in titles for w in words(title) if len(w) > 2})
    corrected, changed = [], False
    for word in words(q):
        if word in vocabulary or len(word) < 3:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        corrected.append(close[0] if close else word)
        changed |= bool(close)
    return " ".join(corrected) if changed else ""
