"""pg_trgm's similarity operators are costed as what they are, a hundred times a plain
comparison (PostgreSQL only).

Why: pg_trgm declares them at the default cost of 1, so for a table of a few thousand
rows the planner preferred testing every row to the trigram index. For the key players'
names (3,000) that took 23 ms of a query nothing matches (the similar-spelling fallback,
bench/search.py); through the index, 3 ms. Where the database user may not alter the
extension's functions (a managed database) the migration leaves them and says so: only
speed depends on it.
"""

from django.db import migrations

from reports.migrations._postgresql import postgresql_statements

FUNCTIONS = [
    "similarity_op(text, text)",
    "word_similarity_op(text, text)",
    "word_similarity_commutator_op(text, text)",
]


def _set_cost(cost: int) -> str:
    alters = " ".join(f"ALTER FUNCTION {function} COST {cost};" for function in FUNCTIONS)
    return (
        f"DO $$ BEGIN {alters} EXCEPTION WHEN insufficient_privilege THEN "
        f"RAISE NOTICE 'pg_trgm operator costs left as they were: %%', SQLERRM; END $$"
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_gin_without_pending_lists")]

    operations = [
        migrations.RunPython(
            postgresql_statements([_set_cost(100)]), postgresql_statements([_set_cost(1)])
        )
    ]
