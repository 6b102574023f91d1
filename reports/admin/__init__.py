"""The catalogue's admin, a package by part: ``report`` (the report admin and its change
page's panels), ``inlines``, ``filters``, ``actions`` (bulk actions), ``workflow`` (review
and scheduling panels), ``change_page`` (task groups, figures preview, findings placed at
their fields), ``rich_text`` (the editor) and ``catalogue`` (categories, companies).
Importing it registers them all."""

from .catalogue import CategoryAdmin, CompanyAdmin
from .report import ReportAdmin

__all__ = ["CategoryAdmin", "CompanyAdmin", "ReportAdmin"]
