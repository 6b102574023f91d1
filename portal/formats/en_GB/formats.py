"""British English as the site writes it: the month in full ("7 December 2026"), where
Django's own en_GB abbreviates it. Every other language uses Django's formats; templates
ask for ``DATE_FORMAT``, ``DATETIME_FORMAT`` or ``YEAR_MONTH_FORMAT``, never a pattern."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
