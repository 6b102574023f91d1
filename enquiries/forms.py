"""The sample-request and enquiry forms.

Single-line fields refuse line breaks (their values end up in e-mail headers and
subjects); the phone number is checked with ``phonenumbers`` against the chosen country
and stored as E.164. ``website`` is a honeypot, hidden from people by CSS: a bot that
fills it gets the thank-you page and nothing is recorded.
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .services import Submission

HONEYPOT_FIELD = "website"


def single_line(value: str) -> None:
    if any(char in value for char in "\r\n\x00\u2028\u2029\x85"):
        raise ValidationError(gettext("Use a single line, without line breaks."), code="line_break")


class ContactForm(forms.Form):
    """The fields every visitor form asks first (name, business e-mail, company, country),
    with their cleaning and the accessible error wiring: fields in error carry
    ``aria-invalid`` and ``aria-describedby`` pointing at their message and help text."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        validators=[single_line],
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Business e-mail"),
        max_length=254,
        validators=[single_line],
        error_messages={
            "required": _("Enter your business e-mail address."),
            # Translators: the address is an example; a local-looking one may be used.
            "invalid": _("Enter an e-mail address such as jane.doe@company.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    company = forms.CharField(
        label=_("Company"),
        max_length=160,
        validators=[single_line],
        error_messages={"required": _("Enter the name of your company.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[],
        error_messages={
            "required": _("Choose your country."),
            "invalid_choice": _("Choose a country from the list."),
        },
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", gettext("Choose a country"))] + list(countries)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            field = self.fields[name]
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["aria-describedby"] = " ".join(described)


class LeadForm(ContactForm):
    field_order = [
        "full_name",
        "email",
        "company",
        "job_title",
        "country",
        "phone",
        "message",
        "consent",
        HONEYPOT_FIELD,
    ]

    job_title = forms.CharField(
        label=_("Job title"),
        max_length=120,
        validators=[single_line],
        error_messages={"required": _("Enter your job title.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=32,
        validators=[single_line],
        help_text=_(
            "With the country code if outside the country chosen above, e.g. +44 20 7946 0958."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Keep your message under %(limit_value)d characters.")},
    )
    consent = forms.BooleanField(
        label=_("I agree to be contacted about this request."),
        error_messages={
            "required": _("Tick the box to agree to be contacted, or we cannot reply.")
        },
    )
    website = forms.CharField(
        # Translators: label of a spam trap hidden from people; only bots should see it.
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    message_label = _("Message")
    message_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = self.message_label
        self.fields["message"].required = self.message_required
        if self.message_required:
            self.fields["message"].error_messages["required"] = gettext("Write your question.")
        privacy = reverse("privacy")
        self.fields["consent"].help_text = format_html(
            gettext('How we use your details: <a href="{url}">privacy notice</a>.'), url=privacy
        )

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    @property
    def visible_fields_list(self):
        return [field for field in self if field.name != HONEYPOT_FIELD]

    def clean(self) -> dict:
        cleaned = super().clean()
        raw_phone = (cleaned.get("phone") or "").strip()
        if raw_phone:
            region = cleaned.get("country") or None
            try:
                number = phonenumbers.parse(raw_phone, region)
            except phonenumbers.NumberParseException:
                number = None
            if number is None or not phonenumbers.is_valid_number(number):
                self.add_error(
                    "phone",
                    ValidationError(
                        gettext(
                            "Enter a valid phone number, with the country code if it is not in "
                            "the country you chose (e.g. +44 20 7946 0958)."
                        ),
                        code="invalid_phone",
                    ),
                )
            else:
                cleaned["phone"] = phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                )
        return cleaned

    def submission(self, *, ip_address: str | None) -> Submission:
        data = self.cleaned_data
        return Submission(
            full_name=data["full_name"],
            email=data["email"],
            company=data["company"],
            job_title=data["job_title"],
            country=data["country"],
            phone=data.get("phone") or "",
            message=data.get("message") or "",
            consent=bool(data["consent"]),
            ip_address=ip_address,
        )


class SampleRequestForm(LeadForm):
    message_label = _("Message (optional)")
    message_required = False


class EnquiryForm(LeadForm):
    message_label = _("Your question")
    message_required = True
