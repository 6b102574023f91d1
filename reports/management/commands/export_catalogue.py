from django.core.management.base import BaseCommand

from reports.models import ReportStatus
from reports.transfer.export import reports_for_export
from reports.transfer.jsonl import catalogue_export


class Command(BaseCommand):
    help = "Write the catalogue as JSON Lines, one report per line, ordered by code."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--published", action="store_true", help="Only the published reports.")

    def handle(self, *args, output=None, published=False, **options):
        queryset = reports_for_export()
        if published:
            queryset = queryset.filter(status=ReportStatus.PUBLISHED)
        if output:
            with open(output, "w", encoding="utf-8") as out:
                count = catalogue_export(out, queryset)
        else:
            count = catalogue_export(self.stdout, queryset)
        self.stderr.write(f"Exported {count} reports.")
