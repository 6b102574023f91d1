"""``manage.py load_demo``: the demo catalogue, loaded or reloaded in place."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from reports.demo.loader import DemoDataError, demo_catalogue_load
from reports.services import ReportNotPublishable


class Command(BaseCommand):
    help = (
        "Load the demo catalogue: the seed report (Medical Second Opinion Market) and one "
        "report per other industry, all published. Safe to run again: it updates in place."
    )

    def handle(self, *args, **options) -> None:
        try:
            result = demo_catalogue_load()
        except (DemoDataError, ReportNotPublishable) as error:
            raise CommandError(f"Demo data not loaded: {error}") from error

        if result.corrections:
            self.stdout.write("Corrections to the seed press release's country lists:")
            for correction in result.corrections:
                self.stdout.write(f"  {correction}")
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {len(result.reports)} demo reports, all published:")
        )
        for report in result.reports:
            self.stdout.write(f"  r{report.code}  {report.title}")
        admin_url = settings.SITE_URL + reverse("admin:reports_report_changelist")
        self.stdout.write(
            f"Edit them in the admin at {admin_url} "
            "(bin/demo prints a login; otherwise run manage.py createsuperuser)."
        )
