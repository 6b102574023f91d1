"""The Jinja2 environment for the fragment rendered on every uncached list page.

Why Jinja2 there: the faceted result list (``jinja2/reports/search_results.html``) shows
about eighty facet links and twelve report cards. Django's template engine resolves each
variable at render time and spent 13–16 ms on that list at 100,000 reports
(bench/search.py); Jinja2 compiles a template to Python once. Every other template stays
a Django template. The filters format as Django's do, so both engines agree, and its
text is translated by Django's catalogues (``{{ _("…") }}``, ``jinja2.ext.i18n``).
"""

from django.template.defaultfilters import urlencode
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from portal.formatting import date, intcomma, whole_amount


def environment(**options) -> Environment:
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    env = Environment(**options)  # noqa: S701 - Django's backend turns autoescape on
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.filters.update(
        {"intcomma": intcomma, "whole_amount": whole_amount, "date": date, "urlencode": urlencode}
    )
    return env
