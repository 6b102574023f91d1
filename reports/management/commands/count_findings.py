"""Count the integrity findings of reports never counted (``--all``: of every report), for
a catalogue loaded before counts were kept or generated in bulk."""

from django.core.management.base import BaseCommand

from reports.models import Report
from reports.services import report_findings_count


class Command(BaseCommand):
    help = "Count the integrity errors and warnings of reports not counted yet (or --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Count every report again.")

    def handle(self, *args, all: bool = False, **options):
        reports = Report.objects.all() if all else Report.objects.filter(findings_errors=None)
        counted = 0
        for pk in reports.order_by("pk").values_list("pk", flat=True).iterator():
            report_findings_count(report_id=pk)
            counted += 1
        self.stdout.write(f"Counted the findings of {counted} report(s).")
