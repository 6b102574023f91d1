import copy

from allauth.account.forms import RequestLoginCodeForm
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enquiries.forms import ContactForm, single_line
from orders.forms import CheckoutForm

from .services import buyer_account_for_orders


class BuyerLoginCodeForm(RequestLoginCodeForm):
    """allauth's "e-mail me a code" form, which first gives an address that bought or was
    given a seat an account of its own (``services.buyer_account_for_orders``). The answer
    is the same whatever the address: allauth prevents enumeration."""

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email")
        if email:
            buyer_account_for_orders(email=email)
        return super().clean_email()


class ProfileForm(ContactForm):
    """The buyer's details for checkout and for the mark on their downloads; every field
    may be left empty, each is checked as the checkout checks it."""

    field_order = ["full_name", "company", "country", "billing_address", "vat_number"]

    billing_address = copy.deepcopy(CheckoutForm.base_fields["billing_address"])
    vat_number = copy.deepcopy(CheckoutForm.base_fields["vat_number"])
    clean_billing_address = CheckoutForm.clean_billing_address
    clean_vat_number = CheckoutForm.clean_vat_number

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        for field in self.fields.values():
            field.required = False
        # Translators: The empty choice of the country list on the profile page.
        self.fields["country"].choices[0] = ("", gettext("Not given"))


class SeatInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail"),
        max_length=254,
        validators=[single_line],
        error_messages={
            "required": _("Enter your colleague's e-mail address."),
            "invalid": format_lazy(
                # Translators: {example} is an example e-mail address, inserted unchanged.
                _("Enter an e-mail address such as {example}."),
                example="sam.lee@company.com",
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
