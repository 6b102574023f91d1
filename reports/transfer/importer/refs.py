"""Catalogue rows a report links to, found or created by natural key during one import."""

from __future__ import annotations

from portal.i18n import language_column
from reports.models import Category, Company
from segments.models import Dimension, Segment

from ..document import CategoryDoc, ReportDocument
from .records import RecordRefused


def _names(doc) -> dict[str, str]:
    """The name columns a document gives in other languages (those it omits are kept:
    a segment's names are the catalogue's, not one report's)."""
    return {language_column("name", code): name for code, name in doc.names}


class Refs:
    """Categories, dimensions, segments and companies by natural key, cached for one import.

    Rows are created on first use and updated once when a document describes them
    differently (the last description wins).
    """

    def __init__(self):
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.dimensions = {d.slug: d for d in Dimension.objects.all()}
        self.segments: dict[tuple[int, str], Segment] = {}
        self.countries: dict[tuple[int, str], Segment] = {}
        for segment in Segment.objects.all():
            self.segments[(segment.dimension_id, segment.slug)] = segment
            if segment.country:
                self.countries[(segment.dimension_id, str(segment.country))] = segment
        self.companies = {c.slug: c for c in Company.objects.all()}
        self.synced: dict[int, tuple] = {}
        self.seen: dict = {}
        """Document parts already written in this import (a category, a company …): the
        first description wins within one import, so repeating it costs nothing."""

    @staticmethod
    def _sync(instance, values: dict) -> None:
        changed = [k for k, v in values.items() if getattr(instance, k) != v]
        if changed:
            for key in changed:
                setattr(instance, key, values[key])
            instance.save(update_fields=changed)

    def category(self, doc: CategoryDoc) -> Category:
        if doc in self.seen:
            return self.seen[doc]
        self.seen[doc] = category = self._category(doc)
        return category

    def _category(self, doc: CategoryDoc) -> Category:
        parent = self.category(doc.parent) if doc.parent else None
        values = {"name": doc.name, "description": doc.description, "parent": parent}
        if doc.position is not None:
            values["position"] = doc.position
        category = self.categories.get(doc.slug)
        if category is None:
            category = Category.objects.create(slug=doc.slug, **values)
            self.categories[doc.slug] = category
        else:
            if doc.parent is None:
                values["parent"] = category.parent
            elif category.parent_id != parent.pk and (loop := category.parent_loop(parent)):
                message = category.parent_loop_message(loop)
                raise RecordRefused(message, {"category": [message]})
            if not doc.description:
                values.pop("description")
            self._sync(category, values)
        return category

    def dimension(self, doc) -> Dimension:
        if doc in self.seen:
            return self.seen[doc]
        self.seen[doc] = dimension = self._dimension(doc)
        return dimension

    def _dimension(self, doc) -> Dimension:
        values = {
            key: getattr(doc, key)
            for key in ("name", "position", "is_geographic")
            if getattr(doc, key) is not None
        }
        values.update(_names(doc))
        dimension = self.dimensions.get(doc.slug)
        if dimension is None:
            values.setdefault("name", doc.slug.replace("-", " ").title())
            values.setdefault("is_geographic", doc.slug == "region")
            clash = Dimension.objects.filter(name=values["name"]).first()
            if clash is not None:
                raise RecordRefused(
                    f'Dimension "{doc.slug}" is named "{values["name"]}" like dimension '
                    f'"{clash.slug}".'
                )
            dimension = Dimension.objects.create(slug=doc.slug, **values)
            self.dimensions[doc.slug] = dimension
        else:
            self._sync(dimension, values)
        return dimension

    def segments_for(self, document: ReportDocument) -> dict[tuple[str, str], Segment]:
        """The document's segments as rows, parents before children."""
        by_key = {segment.key: segment for segment in document.segments}
        resolved: dict[tuple[str, str], Segment] = {}

        def resolve(key, trail=()):
            if key in resolved:
                return resolved[key]
            if key in trail:
                raise RecordRefused(f'Segment "{key[1]}" is its own ancestor.')
            doc = by_key[key]
            dimension = self.dimension(doc.dimension)
            parent = None
            if doc.parent:
                parent_key = (doc.dimension.slug, doc.parent)
                if parent_key in by_key:
                    parent = resolve(parent_key, (*trail, key))
                else:
                    parent = self.segments.get((dimension.id, doc.parent))
                    if parent is None:
                        raise RecordRefused(
                            f'Segment "{doc.slug}": unknown parent "{doc.parent}".',
                            {"segments": [f'Unknown parent "{doc.parent}".']},
                        )
            if doc.country and parent is None and dimension.is_geographic:
                existing = self.countries.get((dimension.id, doc.country))
                parent = existing.parent if existing else None
            segment = None
            if doc.country:
                segment = self.countries.get((dimension.id, doc.country))
            if segment is None:
                segment = self.segments.get((dimension.id, doc.slug))
            values = {"name": doc.name, "parent": parent, "country": doc.country, **_names(doc)}
            if doc.description:
                values["description"] = doc.description
            signature = (
                doc.name,
                parent.id if parent else None,
                doc.country,
                doc.description,
                doc.names,
            )
            if segment is None:
                segment = Segment.objects.create(dimension=dimension, slug=doc.slug, **values)
                self.segments[(dimension.id, doc.slug)] = segment
                if doc.country:
                    self.countries[(dimension.id, doc.country)] = segment
            elif self.synced.get(segment.id) != signature:
                if str(segment.country or "") != doc.country and segment.country:
                    raise RecordRefused(
                        f'Segment "{doc.slug}" is country {segment.country} in the catalogue, '
                        f"not {doc.country or 'a region'}."
                    )
                self._sync(segment, values)
            self.synced[segment.id] = signature
            resolved[key] = segment
            return segment

        for key in by_key:
            resolve(key)
        return resolved

    def company(self, doc) -> Company:
        if doc in self.seen:
            return self.seen[doc]
        self.seen[doc] = company = self._company(doc)
        return company

    def _company(self, doc) -> Company:
        company = self.companies.get(doc.slug)
        values = {"name": doc.name}
        for key in ("website", "headquarters", "description"):
            if getattr(doc, key):
                values[key] = getattr(doc, key)
        if company is None:
            company = Company.objects.create(slug=doc.slug, **values)
            self.companies[doc.slug] = company
        else:
            self._sync(company, values)
        return company
