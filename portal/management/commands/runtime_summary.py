from django.core.management.base import BaseCommand

from portal.runtime import runtime_summary


class Command(BaseCommand):
    help = "Print what this process runs with: settings, database, tasks, cache, e-mail."

    def handle(self, *args, **options):
        self.stdout.write(f"Running with: {runtime_summary()}")
