"""The whole category tree as one small mapping, and the walks over it.

``category_tree`` maps each category id to ``(parent id, name, slug)``; ``category_rows``
holds every category's stored fields. There are a few hundred categories at most, so
search, facets, feeds, the API, the site navigation and the category pages read them
whole, kept in each process (``generation_memo``) under the search index generation,
instead of walking the tree with one query per level. Every save of a category (a new
one included) and every deletion advances that generation (``reports.search.index``).
The walks stop at a cycle all the same: the admin form and the import refuse a parent that
would close one (``Category.parent_loop``), but a row written any other way is checked only
for being its own parent (a database constraint).
"""

from collections.abc import Iterator, Mapping

from .models import Category
from .search.index import generation_memo, search_generation

CategoryTree = Mapping[int, tuple]


_FIELDS = ("id", "parent_id", "name", "slug", "description", "position")


def category_rows(generation: int | None = None) -> dict[int, tuple]:
    """id → the stored fields of every category (named tuples of ``_FIELDS``), in the
    model's order; kept per process under the generation like ``category_tree``. The
    site navigation, the category pages and their breadcrumbs are built from it without
    a query."""
    if generation is None:
        generation = search_generation()
    return generation_memo(
        "category-rows",
        generation,
        lambda: {row.id: row for row in Category.objects.values_list(*_FIELDS, named=True)},
    )


def category_tree(generation: int | None = None) -> dict[int, tuple[int | None, str, str]]:
    """id → (parent id, name, slug) for every category; kept per process under the
    generation where there is one (PostgreSQL). Pass ``generation`` if the caller has just
    read it."""
    if generation is None:
        generation = search_generation()
    return generation_memo(
        "categories",
        generation,
        lambda: {
            pk: (row.parent_id, row.name, row.slug) for pk, row in category_rows(generation).items()
        },
    )


def category_with_ancestors(rows: Mapping[int, tuple], pk: int) -> Category:
    """A fresh ``Category`` for ``pk`` whose ``parent`` chain is loaded from ``rows``
    (``category_rows``), as ``select_related`` would load it, so its breadcrumbs cost no
    query. A chain that loops is cut where it would repeat."""
    category = Category.from_db(None, _FIELDS, rows[pk])
    node, seen = category, {pk}
    while node.parent_id is not None and node.parent_id in rows and node.parent_id not in seen:
        seen.add(node.parent_id)
        node.parent = Category.from_db(None, _FIELDS, rows[node.parent_id])
        node = node.parent
    return category


def descendant_ids(tree: CategoryTree, root: int) -> list[int]:
    """``root`` and every category below it, level by level."""
    children: dict[int | None, list[int]] = {}
    for pk, (parent, *_) in tree.items():
        children.setdefault(parent, []).append(pk)
    found, frontier, seen = [root], [root], {root}
    while frontier:
        frontier = [c for pk in frontier for c in children.get(pk, []) if c not in seen]
        seen.update(frontier)
        found.extend(frontier)
    return found


def self_and_ancestor_ids(tree: CategoryTree, pk: int) -> Iterator[int]:
    """``pk``, its parent, and so on up to its root."""
    seen: set[int] = set()
    node: int | None = pk
    while node is not None and node not in seen:
        seen.add(node)
        yield node
        node = tree[node][0] if node in tree else None
