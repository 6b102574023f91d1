from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from orders import services
from orders.models import Order
from orders.seats import seat_invite
from reports.demo.seed import REPORT
from reports.models import Licence, Report

BUYER = services.Buyer(
    full_name="Jane Doe",
    email="jane.doe@acme-industries.example",
    company="Acme Industries",
    country="DE",
    billing_address="Hauptstraße 1\n10115 Berlin",
)

COLLEAGUE = "sam.lee@acme-industries.example"


class Command(BaseCommand):
    help = (
        "Give the demo a buyer: a paid multi-user order of the seed report for "
        f"{BUYER.email}, with a seat given to {COLLEAGUE}, and print how to sign in."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_buyer is for development only (DEBUG is off).")
        report = Report.objects.filter(code=REPORT["code"]).first()
        if report is None:
            raise CommandError("Load the demo first: manage.py load_demo.")
        if not Order.objects.filter(email=BUYER.email, report=report).exists():
            licences = Licence.objects.filter(report=report)
            licence = licences.filter(tier="multi").first() or licences.order_by("price").first()
            order = services.order_create(
                report=report, licence=licence, buyer=BUYER, provider="bank_transfer"
            )
            services.order_mark_paid(order=order, actor_label="demo")
            if order.shares_seats:
                seat_invite(order=order, email=COLLEAGUE)
        self.stdout.write(
            self.style.SUCCESS(
                f"Buyer sign-in: {settings.SITE_URL}{reverse('account_request_login_code')}  "
                f"e-mail: {BUYER.email} (or the colleague with a seat, {COLLEAGUE})  "
                "(the code arrives in "
                f"{getattr(settings, 'EMAIL_FILE_PATH', 'the configured mailbox')})"
            )
        )
