"""The languages of the site: which are on, where each page lives in each, and the links
between them.

English, the default, keeps the addresses it always had (the press release's links);
every other language has its prefix (``/ja/medical-second-opinion-r1541508``), from
Django's ``i18n_patterns(prefix_default_language=False)`` and ``LocaleMiddleware``. Each
page names its versions in the other languages (``hreflang`` alternates, with English as
``x-default``), and the language switcher links to them, so a visitor changing language
stays on the same report. Which languages are on is ``PORTAL_LANGUAGES`` in settings.
"""

import re

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, to_locale
from modeltranslation.utils import build_localized_fieldname

CJK_RUN = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]+"
)
"""A run of Hangul, kana or Han characters: the scripts written without spaces between
words (the search indexes them as pairs of characters) and missing from DejaVu Sans (the
charts measure them with Noto Sans CJK)."""


def language_column(field: str, language: str) -> str:
    """The column holding ``field`` in ``language``, as django-modeltranslation names it
    (``title`` in ``zh-hans`` is ``title_zh_hans``)."""
    return build_localized_fieldname(field, language)


def english_column(field: str) -> str:
    """The column holding ``field``'s English text, the one raw SQL reads and writes."""
    return language_column(field, settings.LANGUAGE_CODE)


def to_locale_tag(code: str) -> str:
    """The IETF tag of a language code as HTML and schema.org write it (``en-GB``,
    ``zh-Hans``)."""
    return to_locale(code).replace("_", "-")


def language_name(code: str) -> str:
    """The language's own name for itself (``日本語``), as the switcher shows it."""
    return settings.ALL_LANGUAGES.get(code, code)


def language_versions(path: str) -> list[dict]:
    """This page in every language (code, name, path, whether it is the current one), or
    an empty list for a page that exists in one language only (admin, API, files)."""
    current = get_language()
    versions = [
        {"code": code, "name": name, "path": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    if len({version["path"] for version in versions}) < len(versions):
        return []
    return versions


def languages(request: HttpRequest) -> dict:
    """Template context: ``language_versions`` of the page asked for (computed on use)."""
    return {
        "language_versions": SimpleLazyObject(lambda: language_versions(request.get_full_path()))
    }
