"""Segment and dimension names per language (django-modeltranslation; see
``reports/translation.py``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Dimension, Segment


@register(Dimension)
class DimensionTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Segment)
class SegmentTranslationOptions(TranslationOptions):
    fields = ("name",)
