from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from portal.emails import templated_email
from portal.site import absolute_url


def sign_in_link_message(*, email: str) -> EmailMultiAlternatives:
    """The way into the library, sent by staff to a buyer who asks for it."""
    context = {
        "email": email,
        "sign_in_url": absolute_url(reverse("account_request_login_code")),
        "library_url": absolute_url(reverse("accounts:library")),
    }
    return templated_email("sign_in_link", context, to=[email], reply_to=[settings.SALES_EMAIL])
