"""The checkout form: buyer and billing details, licence, payment method, terms of sale.

Licences are those of the report being bought and payment methods the enabled providers,
so a tampered POST naming another report's licence or a disabled provider is a field error.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enquiries.forms import ContactForm, single_line
from reports.models import Licence, Report

from .payments import enabled_providers
from .selectors import licences_for_sale
from .services import Buyer

VAT_NUMBER = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,13}$")


class LicenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Licence) -> str:
        return f"{obj.get_tier_display()} – {obj.currency} {obj.price:,}"


class CheckoutForm(ContactForm):
    field_order = ["licence", "full_name", "email", "company", "country"]

    licence = LicenceChoiceField(
        label=_("Licence"),
        queryset=Licence.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a licence."),
            "invalid_choice": _("Choose one of the licences listed."),
        },
    )
    billing_address = forms.CharField(
        label=_("Billing address"),
        max_length=1000,
        error_messages={"required": _("Enter the billing address for the invoice.")},
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
    )
    vat_number = forms.CharField(
        label=_("VAT number (optional)"),
        required=False,
        max_length=20,
        validators=[single_line],
        help_text=_("With its country prefix, e.g. DE123456789. Printed on the invoice."),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you will pay."),
            "invalid_choice": _("Choose one of the payment methods listed."),
        },
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of sale."),
        error_messages={"required": _("Accept the terms of sale to place the order.")},
    )

    def __init__(self, *args, report: Report, upgrade=None, **kwargs):
        """``upgrade`` (an ``editions.UpgradeOffer``) sells only its licence, at its price."""
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["licence"].queryset = licences_for_sale(report)
        if upgrade is not None:
            self.fields["licence"].queryset = licences_for_sale(report).filter(
                pk=upgrade.licence.pk
            )
            self.fields["licence"].initial = upgrade.licence
            self.fields["licence"].label_from_instance = lambda obj: (
                # Translators: E.g. "Single user, edition 3 upgrade – USD 1,500".
                gettext("%(tier)s, edition %(edition)s upgrade – %(currency)s %(price)s")
                % {
                    "tier": obj.get_tier_display(),
                    "edition": upgrade.edition,
                    "currency": obj.currency,
                    "price": f"{upgrade.price:,}",
                }
            )
        self.fields["email"].help_text = gettext(
            "The report and the invoice are sent to this address."
        )
        self.providers = enabled_providers()
        self.fields["payment_method"].choices = [
            (provider.identifier, provider.display_name) for provider in self.providers
        ]
        if len(self.providers) == 1:
            self.fields["payment_method"].initial = self.providers[0].identifier
        self.fields["accept_terms"].help_text = format_html(
            gettext('Read the <a href="{url}">terms of sale</a>.'), url=reverse("orders:terms")
        )

    def clean_billing_address(self) -> str:
        address = self.cleaned_data["billing_address"].replace("\r\n", "\n").strip()
        if "\x00" in address:
            raise ValidationError(gettext("Remove the invalid characters."), code="invalid")
        return address

    def clean_vat_number(self) -> str:
        value = re.sub(r"[\s.-]", "", self.cleaned_data.get("vat_number") or "").upper()
        if value and not VAT_NUMBER.match(value):
            raise ValidationError(
                gettext("Enter a VAT number with its two-letter country prefix, e.g. DE123456789."),
                code="invalid_vat",
            )
        return value

    def buyer(self) -> Buyer:
        data = self.cleaned_data
        return Buyer(
            full_name=data["full_name"],
            email=data["email"],
            company=data["company"],
            country=data["country"],
            billing_address=data["billing_address"],
            vat_number=data["vat_number"],
        )
