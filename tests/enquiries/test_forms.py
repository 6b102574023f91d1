import pytest

from enquiries.forms import EnquiryForm, SampleRequestForm

from .conftest import FORM

VALID = {**FORM, "email": "Jane.Doe@Acme-Industries.com"}


def form_with(form_class=SampleRequestForm, **changes):
    data = {**VALID, **changes}
    return form_class(data={key: value for key, value in data.items() if value is not None})


def test_valid_sample_request_is_cleaned():
    form = form_with(phone="020 7946 0958")

    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "jane.doe@acme-industries.com"
    assert form.cleaned_data["phone"] == "+442079460958"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("full_name", "Enter your full name."),
        ("email", "Enter your business e-mail address."),
        ("company", "Enter the name of your company."),
        ("job_title", "Enter your job title."),
        ("country", "Choose your country."),
        ("consent", "Tick the box to agree to be contacted, or we cannot reply."),
    ],
)
def test_each_required_field_says_what_is_missing(field, message):
    form = form_with(**{field: None})

    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_question_is_required_on_the_enquiry_form_only():
    assert form_with(SampleRequestForm, message="").is_valid()
    enquiry = form_with(EnquiryForm, message="")
    assert enquiry.errors["message"] == ["Write your question."]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("email", "not-an-address", "Enter an e-mail address such as jane.doe@company.com."),
        ("country", "XX", "Choose a country from the list."),
        ("phone", "12", "Enter a valid phone number"),
        ("phone", "+1 555 0100 99999", "Enter a valid phone number"),
        ("message", "x" * 4001, "Keep your message under 4000 characters."),
    ],
)
def test_invalid_values_are_explained(field, value, expected):
    form = form_with(**{field: value})

    assert not form.is_valid()
    assert form.errors[field][0].startswith(expected)


def test_phone_in_another_country_needs_and_accepts_the_country_code():
    assert form_with(country="US", phone="+44 20 7946 0958").is_valid()
    national = form_with(country="US", phone="(212) 736-5000")
    assert national.is_valid(), national.errors
    assert national.cleaned_data["phone"] == "+12127365000"


@pytest.mark.parametrize("field", ["full_name", "company", "job_title", "email"])
@pytest.mark.parametrize("breaker", ["\r\nBcc: victim@example.com", "\nSubject: hi", "\rX: y"])
def test_header_injection_attempts_are_rejected(field, breaker):
    value = ("jane@acme.com" if field == "email" else "Jane") + breaker
    form = form_with(**{field: value})

    assert not form.is_valid()
    assert field in form.errors


def test_free_mail_is_accepted_by_the_form():
    assert form_with(email="jane@gmail.com").is_valid()


def test_honeypot_is_noticed():
    assert form_with(website="http://spam.example").is_honeypot_filled
    assert not form_with(website="").is_honeypot_filled
