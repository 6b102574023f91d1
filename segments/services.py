"""Writes on segments."""

from django.db import transaction
from django.utils.text import slugify

from .models import Dimension, Segment


@transaction.atomic
def segment_create(
    *,
    dimension: Dimension,
    name: str,
    slug: str = "",
    parent: Segment | None = None,
    country: str = "",
    description: str = "",
) -> Segment:
    """Create a segment after the model's validation (parent in the same dimension, only
    countries inside a geographic region, unique slug and country per dimension).

    Raises ``django.core.exceptions.ValidationError`` naming the offending fields.
    """
    segment = Segment(
        dimension=dimension,
        name=name,
        slug=slug or slugify(name),
        parent=parent,
        country=country,
        description=description,
    )
    segment.full_clean()
    segment.save()
    return segment
