"""Buyer accounts: who may sign in, and as whom.

A buyer signs in with a one-time code e-mailed to an address (django-allauth's login by
code). An address that placed an order gets an account the first time a code is asked for
it, so a guest who bought can sign in without signing up; the code proves the address, and
everything bought with it then shows in the library (``selectors.library_orders``). An
address with no order gets the same answer and no account: nobody can tell from the page
who is a customer.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, logout
from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string

from orders.models import Order


@transaction.atomic
def buyer_account_for_orders(*, email: str):
    """The account of ``email`` (lower-cased), created when the address placed an order and
    has none yet; None when it has neither. The address stays unverified until a code
    sent to it is entered."""
    email = email.strip().lower()
    existing = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if existing is not None:
        return existing.user
    if not Order.objects.filter(email=email).exists():
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
    """Everything stored about the buyer, as JSON-ready data: the account and, for each of
    its addresses, every sample request, enquiry and order stored under it."""
    from enquiries.privacy import person_data_export

    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    return {
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
