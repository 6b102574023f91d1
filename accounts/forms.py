from allauth.account.forms import RequestLoginCodeForm

from .services import buyer_account_for_orders


class BuyerLoginCodeForm(RequestLoginCodeForm):
    """allauth's "e-mail me a code" form, which first gives an address that bought an
    account of its own (``services.buyer_account_for_orders``). The answer is the same
    whatever the address: allauth prevents enumeration."""

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email")
        if email:
            buyer_account_for_orders(email=email)
        return super().clean_email()
