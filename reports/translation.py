"""The report text staff translate, registered with django-modeltranslation.

Each field gets one column per language in ``settings.MODELTRANSLATION_LANGUAGES``
(``title_en_gb``, ``title_ja`` …). Reading ``report.title`` gives the active language's
text, or English where that language has none. English lives in the ``*_en_gb`` columns:
the original columns (``title`` …) are not read (modeltranslation leaves their value
undetermined), so raw SQL reads and writes the ``*_en_gb`` columns.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Faq, Licence, Report, ReportCompany, Section, TocEntry


@register(Report)
class ReportTranslationOptions(TranslationOptions):
    fields = ("title", "headline", "summary")


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("heading", "body")


@register(TocEntry)
class TocEntryTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(Faq)
class FaqTranslationOptions(TranslationOptions):
    fields = ("question", "answer")


@register(ReportCompany)
class ReportCompanyTranslationOptions(TranslationOptions):
    fields = ("blurb",)


@register(Licence)
class LicenceTranslationOptions(TranslationOptions):
    fields = ("description",)


def translated_fields(model) -> tuple[str, ...]:
    """The fields of ``model`` registered above (none for a model not registered)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()
