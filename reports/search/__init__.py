"""Finding reports: the full-text index, queries with facets, and related reports.

PostgreSQL gets a stored, weighted ``tsvector`` (``Report.search_vector``, GIN-indexed),
ranked results with ``ts_headline`` snippets and pg_trgm typo tolerance, and each
published translation its own vector in that language's configuration (``translated``);
SQLite (the embedded default) gets a substring search with the same facets and pages.
"""
