"""Which languages' text the report change page shows: English, and the translations the
report has begun (a ``ReportLanguage`` row), unless ``?text=`` names others (``?text=de``,
``?text=de,ja``, ``?text=all``). Seven editors for every section and FAQ made the seed
report's page heavy for an editor who works in English; a translator opens the page in
their language from the Translations panel.

A language not shown is not in the form either, so saving leaves its text untouched."""

from django.conf import settings
from modeltranslation.translator import NotRegistered, translator

from ..languages import translation_languages
from ..models import ReportLanguage

PARAMETER = "text"


def shown_languages(request, report) -> list[str]:
    """The translation languages (codes, English apart) whose text the page shows."""
    codes = [code for code, _ in translation_languages()]
    asked = request.GET.get(PARAMETER, "")
    if asked == "all":
        return codes
    if asked:
        wanted = set(asked.split(","))
        return [code for code in codes if code in wanted]
    if report is None or report.pk is None:
        return []
    remembered = getattr(request, "_report_languages_begun", None)
    if remembered is None or remembered[0] != report.pk:
        begun = set(ReportLanguage.objects.filter(report=report).values_list("language", flat=True))
        remembered = request._report_languages_begun = (report.pk, begun)
    return [code for code in codes if code in remembered[1]]


def hidden_columns(model, shown: list[str]) -> set[str]:
    """The language columns of ``model``'s translated fields for languages not ``shown``."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set()
    keep = {settings.LANGUAGE_CODE, *shown}
    return {
        column.name
        for columns in options.all_fields.values()
        for column in columns
        if column.language not in keep
    }


def without_columns(fieldsets, hidden: set[str]):
    """``fieldsets`` without the ``hidden`` fields (also inside tuples of one row)."""
    result = []
    for name, options in fieldsets:
        fields = []
        for field in options.get("fields", ()):
            if isinstance(field, list | tuple):
                row = tuple(f for f in field if f not in hidden)
                if row:
                    fields.append(row)
            elif field not in hidden:
                fields.append(field)
        result.append((name, {**options, "fields": fields}))
    return result


class ShownLanguagesInline:
    """An inline showing only the languages of ``shown_languages``."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return without_columns(fieldsets, hidden_columns(self.model, shown_languages(request, obj)))
