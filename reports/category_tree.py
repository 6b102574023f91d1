"""The whole category tree as one small mapping, and the walks over it.

``category_tree`` maps each category id to ``(parent id, name, slug)``. It is a few
hundred rows at most, so search, facets, feeds and the API read it whole, kept in each
process (``generation_memo``) under the search index generation, instead of walking the
tree with one query per level. A renamed or moved category advances that generation; a
new category matters only once a report is filed under it, which advances it too. The
walks stop at a cycle, which the models do not forbid beyond a category being its own
parent.
"""

from collections.abc import Iterator, Mapping

from .models import Category
from .search.index import generation_memo, search_generation

CategoryTree = Mapping[int, tuple]


def category_tree(generation: int | None = None) -> dict[int, tuple[int | None, str, str]]:
    """id → (parent id, name, slug) for every category; kept per process under the
    generation where there is one (PostgreSQL). Pass ``generation`` if the caller has just
    read it."""
    if generation is None:
        generation = search_generation()
    return generation_memo("categories", generation, _read_tree)


def _read_tree() -> dict[int, tuple[int | None, str, str]]:
    return {
        pk: (parent, name, slug)
        for pk, parent, name, slug in Category.objects.values_list(
            "pk", "parent_id", "name", "slug"
        )
    }


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
