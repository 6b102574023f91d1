"""The demo catalogue for the bench scripts, in a throw-away in-memory SQLite database.

``setup()`` configures Django against ``sqlite://:memory:`` (or ``BENCH_DATABASE_URL``, a
database the bench may fill) and migrates it;
``demo_reports()`` loads the demo catalogue (``manage.py load_demo``'s data: the seed
report 1541508 and one report per other industry) and returns the reports.
"""

import logging
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "sqlite://:memory:")
    import django

    django.setup()
    logging.disable(logging.INFO)
    warnings.filterwarnings("ignore", message="No directory at")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def demo_reports() -> list:
    from reports.demo.loader import demo_catalogue_load

    return sorted(demo_catalogue_load().reports, key=lambda report: report.code)
