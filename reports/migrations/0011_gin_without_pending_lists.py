"""The search's GIN indexes write each entry where it belongs (``fastupdate = off``) instead
of into a pending list (PostgreSQL only).

Why: with a pending list, every search reads the whole list until VACUUM merges it. After
2,000 reports were re-indexed (an import, a bulk edit) the list held 496 pages; each search
read them, and the planner, counting their cost, chose to read all 100,000 documents and
their vectors instead of the index (800 ms for a typo's corrected query; bench/search.py).
Writing in place costs a re-indexed report a few milliseconds more; a bulk load drops and
rebuilds these indexes anyway (``reports.search.index.SEARCH_INDEXES``).
"""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

INDEXES = [
    "reports_searchdoc_vector_gin",
    "reports_searchdoc_segments_gin",
    "reports_report_title_trgm",
    "reports_company_name_trgm",
    "reports_searchword_trgm",
]
FORWARD = [f"ALTER INDEX IF EXISTS {name} SET (fastupdate = off)" for name in INDEXES]
BACKWARD = [f"ALTER INDEX IF EXISTS {name} RESET (fastupdate)" for name in INDEXES]


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_lexeme_facet_counts")]

    operations = [
        migrations.RunPython(postgresql_statements(FORWARD), postgresql_statements(BACKWARD))
    ]
