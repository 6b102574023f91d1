import os
import sys
from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reports.transfer.importer import DEFAULT_BATCH_SIZE, catalogue_import, records_from_jsonl
from reports.transfer.tabular import records_from_csv


class Command(BaseCommand):
    help = (
        "Import reports from JSON Lines (one report document per line) or CSV, upserting by "
        "report code. Bad records are listed with their line number; the others are imported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="A .jsonl file, a .csv file, or - for JSON Lines on stdin."
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--dry-run", action="store_true", help="Check and roll back.")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--warnings",
            action="store_true",
            help="Also find the integrity warnings (CAGR statements …): about twice as slow.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that check records (default: one per CPU).",
        )

    def handle(self, *args, file, batch_size, dry_run, no_progress, warnings, workers, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        with ExitStack() as stack:
            try:
                if file == "-":
                    total, records = None, records_from_jsonl(sys.stdin)
                elif file.lower().endswith(".csv"):
                    with open(file, encoding="utf-8-sig") as handle:
                        text = handle.read()
                    total = max(text.count("\n") - 1, 0)
                    records = records_from_csv(text)
                else:
                    with open(file, "rb") as handle:
                        total = sum(1 for line in handle if line.strip())
                    records = records_from_jsonl(stack.enter_context(open(file, "rb")))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {file}: {error}") from error
            bar = stack.enter_context(
                tqdm(total=total, unit="report", disable=no_progress, file=sys.stderr)
            )
            result = catalogue_import(
                records=records,
                batch_size=batch_size,
                progress=bar.update,
                dry_run=dry_run,
                warnings=warnings,
                workers=max(1, workers),
            )
        for problem in result.problems:
            self.stderr.write(f"{file}: {problem}")
        for code, findings in result.findings.items():
            for finding in findings:
                self.stderr.write(f"report {code}: {finding.level}: {finding.message}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {result.imported} reports ({len(result.created)} new, "
            f"{len(result.updated)} updated); {len(result.problems)} refused."
        )
        if result.problems and not result.imported:
            raise CommandError("No report was imported.")
