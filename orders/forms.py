"""The checkout form: buyer and billing details, licence, payment method, terms of sale.

Licences are those of the report being bought and payment methods the enabled providers,
so a tampered POST naming another report's licence or a disabled provider is a field error.
Fields in error carry ``aria-invalid`` and ``aria-describedby`` pointing at their message.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django_countries import countries

from enquiries.forms import single_line
from reports.models import Licence, Report

from .payments import enabled_providers
from .services import Buyer

VAT_NUMBER = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,13}$")


class LicenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Licence) -> str:
        return f"{obj.get_tier_display()} – {obj.currency} {obj.price:,}"


class CheckoutForm(forms.Form):
    licence = LicenceChoiceField(
        label="Licence",
        queryset=Licence.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a licence.",
            "invalid_choice": "Choose one of the licences listed.",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=120,
        validators=[single_line],
        error_messages={"required": "Enter your full name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Business e-mail",
        max_length=254,
        validators=[single_line],
        help_text="The report and the invoice are sent to this address.",
        error_messages={
            "required": "Enter your business e-mail address.",
            "invalid": "Enter an e-mail address such as jane.doe@company.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    company = forms.CharField(
        label="Company",
        max_length=160,
        validators=[single_line],
        error_messages={"required": "Enter the name of your company."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.ChoiceField(
        label="Country",
        choices=[],
        error_messages={
            "required": "Choose your country.",
            "invalid_choice": "Choose a country from the list.",
        },
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )
    billing_address = forms.CharField(
        label="Billing address",
        max_length=1000,
        error_messages={"required": "Enter the billing address for the invoice."},
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
    )
    vat_number = forms.CharField(
        label="VAT number (optional)",
        required=False,
        max_length=20,
        validators=[single_line],
        help_text="With its country prefix, e.g. DE123456789. Printed on the invoice.",
    )
    payment_method = forms.ChoiceField(
        label="Payment method",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you will pay.",
            "invalid_choice": "Choose one of the payment methods listed.",
        },
    )
    accept_terms = forms.BooleanField(
        label="I accept the terms of sale.",
        error_messages={"required": "Accept the terms of sale to place the order."},
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["licence"].queryset = Licence.objects.filter(report=report).order_by(
            "price", "id"
        )
        self.fields["country"].choices = [("", "Choose a country")] + list(countries)
        self.providers = enabled_providers()
        self.fields["payment_method"].choices = [
            (provider.identifier, provider.display_name) for provider in self.providers
        ]
        if len(self.providers) == 1:
            self.fields["payment_method"].initial = self.providers[0].identifier
        self.fields["accept_terms"].help_text = format_html(
            'Read the <a href="{}">terms of sale</a>.', reverse("orders:terms")
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_billing_address(self) -> str:
        address = self.cleaned_data["billing_address"].replace("\r\n", "\n").strip()
        if "\x00" in address:
            raise ValidationError("Remove the invalid characters.", code="invalid")
        return address

    def clean_vat_number(self) -> str:
        value = re.sub(r"[\s.-]", "", self.cleaned_data.get("vat_number") or "").upper()
        if value and not VAT_NUMBER.match(value):
            raise ValidationError(
                "Enter a VAT number with its two-letter country prefix, e.g. DE123456789.",
                code="invalid_vat",
            )
        return value

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-invalid"] = "true"
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

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
