"""Buyer accounts: who may sign in, and as whom.

A buyer signs in with a one-time code e-mailed to an address (django-allauth's login by
code). An address that placed an order, or was given a seat on a colleague's licence,
gets an account the first time a code is asked for it, so a guest who bought signs in
without signing up; the code proves the address, and everything bought with it then shows
in the library (``selectors.library_entries``). Any other address gets the same answer and
no account: nobody can tell from the page who is a customer.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, logout
from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string

from orders.models import Order, Seat

from .models import Profile


@transaction.atomic
def buyer_account_for_orders(*, email: str):
    """The account of ``email`` (lower-cased), created when the address placed an order or
    was given a seat and has no account yet; None otherwise. The address stays unverified until a code
    sent to it is entered."""
    email = email.strip().lower()
    existing = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if existing is not None:
        return existing.user
    if not (
        Order.objects.filter(email=email).exists()
        or Seat.objects.filter(email=email, released_at__isnull=True).exists()
    ):
        return None
    user_model = get_user_model()
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(
                username=f"buyer-{get_random_string(12).lower()}", email=email
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    except IntegrityError:
        return EmailAddress.objects.get(email__iexact=email).user
    return user


def account_data_export(*, user) -> dict:
    """Everything stored about the buyer, as JSON-ready data: the profile, the account and,
    for each proved address, every sample request, enquiry, order, seat and download link
    stored under it."""
    from enquiries.privacy import person_data_export

    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    profile = Profile.objects.filter(user=user).first()
    return {
        "profile": {
            "full_name": profile.full_name,
            "company": profile.company,
            "country": str(profile.country),
            "billing_address": profile.billing_address,
            "vat_number": profile.vat_number,
        }
        if profile
        else None,
        "account": {
            "joined": user.date_joined.isoformat(),
            "last_sign_in": user.last_login.isoformat() if user.last_login else None,
            "addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
            ],
        },
        "stored_under_each_address": [
            person_data_export(email=a.email) for a in addresses if a.verified
        ],
    }


@transaction.atomic
def account_delete(*, request, user) -> None:
    """Delete the buyer's account and sign them out. The samples and questions sent from
    its proved addresses are anonymised at once; orders and invoices are kept, as the law
    on accounting records requires (see ``enquiries.privacy``)."""
    from enquiries.privacy import person_erase

    for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    ):
        person_erase(email=email, by=None)
    logout(request)
    user.delete()


@transaction.atomic
def profile_save(*, user, details: dict) -> Profile:
    """Keep the buyer's checkout details (``selectors.PROFILE_FIELDS``) on their profile."""
    from .selectors import PROFILE_FIELDS

    profile, _ = Profile.objects.update_or_create(
        user=user, defaults={name: details.get(name) or "" for name in PROFILE_FIELDS}
    )
    return profile


def sign_in_link_send(*, user) -> None:
    """Queue an e-mail (staff action) to each of the customer's addresses with the sign-in
    page: a code can only be asked for from the buyer's own browser, since allauth ties it
    to the session that asked, so staff send the way in, not a code."""
    from .tasks import send_sign_in_link

    for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        send_sign_in_link.delay_on_commit(email)
