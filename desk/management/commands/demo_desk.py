"""``manage.py demo_desk``: a few months of leads, orders and searches for the demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from desk.demo import DOMAIN, demo_activity_load, demo_staff_member


class Command(BaseCommand):
    help = (
        "Give the demo's staff desk something to show: four months of sample requests, "
        "enquiries and orders in their several statuses, searches that found nothing, a "
        "report under review, and an author and an editor with fresh passwords."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_desk is for development only (DEBUG is off).")
        written = demo_activity_load()
        if written:
            message = f"Demo activity: {written} leads and orders (at @{DOMAIN} addresses)."
        else:
            message = "Demo activity already loaded (or no published report to attach it to)."
        self.stdout.write(self.style.SUCCESS(message))
        for role in ("Author", "Editor"):
            username, password = demo_staff_member(role)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{role} login: {settings.SITE_URL}{reverse('admin:index')}  "
                    f"user: {username}  password: {password}"
                )
            )
        self.stdout.write(f"The dashboard: {settings.SITE_URL}{reverse('admin:index')}")
