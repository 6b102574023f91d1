from django.core.management.base import BaseCommand, CommandError

from reports.integrity import find_issues
from reports.models import Report
from reports.transfer.document import DocumentInvalid, document_validate
from reports.transfer.importer import RecordRefused, report_document_save
from reports.transfer.press_release_parse import read_press_release_file


class Command(BaseCommand):
    help = (
        "Create draft reports from press releases (HTML or Markdown) in the seed document's "
        "shape, printing what was corrected or left out and the integrity findings."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument(
            "--category", default="uncategorised", help="Category slug for new reports."
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite an existing report with the same code (it becomes a draft).",
        )

    def handle(self, *args, files, category, replace, **options):
        failed = 0
        for path in files:
            try:
                parsed = read_press_release_file(path)
            except (OSError, UnicodeDecodeError) as error:
                self.stderr.write(f"{path}: cannot read: {error}")
                failed += 1
                continue
            document = parsed.document
            document["category"] = {"slug": category}
            for note in parsed.notes:
                self.stdout.write(f"{path}: {note}")
            code = document.get("code")
            if code and not replace and Report.objects.filter(code=code).exists():
                self.stderr.write(f"{path}: report {code} exists; --replace overwrites it.")
                failed += 1
                continue
            try:
                validated = document_validate(document)
                report, _ = report_document_save(document=validated)
            except DocumentInvalid as error:
                self.stderr.write(f"{path}: {error}")
                failed += 1
                continue
            except RecordRefused as error:
                self.stderr.write(f"{path}: {error.message}")
                failed += 1
                continue
            self.stdout.write(
                f"{path}: draft report {report.code} “{report.title}”: "
                f"{len(validated.sections)} sections, {len(validated.players)} players, "
                f"{len(validated.segments)} segments, {len(validated.figures)} figures."
            )
            for finding in find_issues(validated.content()):
                self.stdout.write(f"{path}: {finding.level}: {finding.message}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} files were not imported.")
