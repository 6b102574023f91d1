"""What a signed-in buyer may see: the orders placed with the addresses they proved."""

from allauth.account.models import EmailAddress

from enquiries.models import Enquiry, SampleRequest
from orders.models import Order


def verified_emails(*, user) -> list[str]:
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


def library_orders(*, user):
    """Orders placed with any of ``user``'s verified addresses, newest first (everything the
    library shows is snapshotted on the order)."""
    emails = [email.lower() for email in verified_emails(user=user)]
    return Order.objects.filter(email__in=emails)


CHECKOUT_FIELDS = ("full_name", "email", "company", "country", "billing_address", "vat_number")


def checkout_details(*, user) -> dict:
    """The buyer's details for their next checkout: those of their latest order, else their
    proved address alone; empty for an account with no proved address."""
    latest = library_orders(user=user).order_by("-created_at", "-id").first()
    if latest is not None:
        return {name: getattr(latest, name) for name in CHECKOUT_FIELDS}
    emails = verified_emails(user=user)
    return {"email": emails[0]} if emails else {}


def library_leads(*, user) -> tuple[list, list]:
    """(sample requests, enquiries) sent from ``user``'s verified addresses, newest first."""
    emails = [email.lower() for email in verified_emails(user=user)]
    samples = SampleRequest.objects.filter(email__in=emails).select_related("report")
    enquiries = Enquiry.objects.filter(email__in=emails).select_related("report")
    return list(samples), list(enquiries)
