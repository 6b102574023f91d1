import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from enquiries import documents, services, tasks
from enquiries.models import (
    CategoryContact,
    DeliveryStatus,
    Enquiry,
    LeadQuality,
    SampleRequest,
    SampleStatus,
)
from reports.models import Report
from tests.factories import CategoryFactory, EnquiryFactory, ReportFactory, SampleRequestFactory
from tests.support.worker import set_celery_option


def submission(**overrides) -> services.Submission:
    values = {
        "full_name": "Jane Doe",
        "email": "Jane.Doe@Acme-Industries.com",
        "company": "Acme Industries",
        "job_title": "Head of Strategy",
        "country": "GB",
        "phone": "",
        "message": "",
        "consent": True,
        "ip_address": "203.0.113.7",
    }
    values.update(overrides)
    return services.Submission(**values)


@pytest.fixture
def eager_retries():
    """Eager tasks replay their retries inline only when errors do not propagate."""
    previous = tasks.send_sample_email.app.conf.task_eager_propagates
    set_celery_option("task_eager_propagates", False)
    yield
    set_celery_option("task_eager_propagates", previous)


def download_link(message) -> str:
    return re.search(r"https?://\S+/enquiry/sample/\S+", message.body).group(0)


@pytest.mark.django_db
def test_accepted_sample_request_is_rendered_and_emailed_once_with_a_link(
    sample_report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sample_request, created = services.sample_request_create(
            report=sample_report, submission=submission()
        )

    sample_request.refresh_from_db()
    assert created
    assert sample_request.status == SampleStatus.SENT
    assert sample_request.email == "jane.doe@acme-industries.com"
    assert services.samples_storage().exists(sample_request.pdf_name)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jane.doe@acme-industries.com"]
    assert "Medical Second Opinion Market" in message.subject
    assert "/enquiry/sample/" in download_link(message)
    html = message.alternatives[0][0]
    assert download_link(message) in html


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_queues_nothing():
    report = ReportFactory()
    with mock.patch.object(tasks.render_sample, "apply_async") as publish:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.sample_request_create(report=report, submission=submission())
            raise RuntimeError("the view failed after the row was written")

        assert publish.call_count == 0
        assert SampleRequest.objects.count() == 0

        services.sample_request_create(report=report, submission=submission())
        assert publish.call_count == 1


@pytest.mark.django_db
def test_same_email_for_same_report_within_window_is_one_request(
    sample_report, django_capture_on_commit_callbacks, settings
):
    settings.ENQUIRY_DUPLICATE_WINDOW = 600
    with django_capture_on_commit_callbacks(execute=True):
        first, created_first = services.sample_request_create(
            report=sample_report, submission=submission()
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second, created_second = services.sample_request_create(
            report=sample_report, submission=submission(email="JANE.DOE@acme-industries.com")
        )

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert callbacks == []
    assert SampleRequest.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_same_email_after_the_window_is_a_new_request(sample_report, settings):
    settings.ENQUIRY_DUPLICATE_WINDOW = 60
    old = SampleRequestFactory(report=sample_report, email="jane.doe@acme-industries.com")
    SampleRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    again, created = services.sample_request_create(report=sample_report, submission=submission())

    assert created and again.pk != old.pk


@pytest.mark.django_db
def test_free_mail_address_is_accepted_and_flagged():
    report = ReportFactory()
    lead, _ = services.sample_request_create(
        report=report, submission=submission(email="jane@gmail.com")
    )
    business, _ = services.sample_request_create(report=report, submission=submission())

    assert lead.lead_quality == LeadQuality.FREE_MAIL
    assert business.lead_quality == LeadQuality.BUSINESS


@pytest.mark.django_db
def test_render_and_email_are_idempotent(sample_report):
    sample_request = SampleRequestFactory(report=sample_report)

    assert services.sample_render(sample_request_id=sample_request.pk) is True
    assert services.sample_render(sample_request_id=sample_request.pk) is False
    assert services.sample_email_send(sample_request_id=sample_request.pk) is True
    assert services.sample_email_send(sample_request_id=sample_request.pk) is False

    sample_request.refresh_from_db()
    assert sample_request.render_attempts == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_render_gives_up_after_max_attempts(sample_report, settings):
    settings.SAMPLE_MAX_RENDER_ATTEMPTS = 2
    sample_request = SampleRequestFactory(report=sample_report, render_attempts=2)

    assert services.sample_render(sample_request_id=sample_request.pk) is False

    sample_request.refresh_from_db()
    assert sample_request.status == SampleStatus.FAILED
    assert "2 attempts" in sample_request.last_error


@pytest.mark.django_db
def test_render_error_marks_the_request_failed(sample_report):
    sample_request = SampleRequestFactory(report=sample_report)

    with (
        mock.patch(
            "enquiries.documents.render_sample_pdf", side_effect=ValueError("broken layout")
        ),
        pytest.raises(ValueError),
    ):
        tasks.render_sample.apply(args=[sample_request.pk]).get()

    sample_request.refresh_from_db()
    assert sample_request.status == SampleStatus.FAILED
    assert "broken layout" in sample_request.last_error


@pytest.mark.django_db
def test_smtp_errors_are_retried_then_the_request_is_marked_failed(sample_report, eager_retries):
    sample_request = SampleRequestFactory(report=sample_report)
    services.sample_render(sample_request_id=sample_request.pk)
    failing = mock.Mock(side_effect=smtplib.SMTPServerDisconnected("gone"))

    with mock.patch("django.core.mail.EmailMessage.send", failing):
        tasks.send_sample_email.apply(args=[sample_request.pk])

    sample_request.refresh_from_db()
    assert failing.call_count == tasks.send_sample_email.max_retries + 1
    assert sample_request.status == SampleStatus.FAILED
    assert "SMTPServerDisconnected" in sample_request.last_error
    assert sample_request.email_sent_at is None


@pytest.mark.django_db
def test_smtp_error_then_success_sends_once(sample_report, eager_retries):
    sample_request = SampleRequestFactory(report=sample_report)
    services.sample_render(sample_request_id=sample_request.pk)
    real_send = mail.EmailMessage.send
    calls = []

    def flaky(message, *args, **kwargs):
        calls.append(message)
        if len(calls) == 1:
            raise ConnectionRefusedError("smtp down")
        return real_send(message, *args, **kwargs)

    with mock.patch("django.core.mail.EmailMessage.send", flaky):
        tasks.send_sample_email.apply(args=[sample_request.pk])

    sample_request.refresh_from_db()
    assert sample_request.status == SampleStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_enquiry_sends_acknowledgement_and_notifies_sales(
    sample_report, settings, django_capture_on_commit_callbacks
):
    settings.SALES_EMAIL = "sales@publisher.example"
    with django_capture_on_commit_callbacks(execute=True):
        enquiry, _ = services.enquiry_create(
            report=sample_report, submission=submission(message="Is Brazil covered?")
        )

    enquiry.refresh_from_db()
    assert enquiry.delivery == DeliveryStatus.SENT
    ack, notification = mail.outbox
    assert ack.to == ["jane.doe@acme-industries.com"]
    assert "Is Brazil covered?" in ack.body
    assert notification.to == ["sales@publisher.example"]
    assert notification.reply_to == ["jane.doe@acme-industries.com"]
    assert "Is Brazil covered?" in notification.body
    assert f"/admin/enquiries/enquiry/{enquiry.pk}/change/" in notification.body


@pytest.mark.django_db
def test_e_mail_subjects_and_text_bodies_show_names_as_typed(
    sample_report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.enquiry_create(
            report=sample_report,
            submission=submission(full_name="Seán O'Brien", company="O'Brien & Sons"),
        )

    ack, notification = mail.outbox
    assert "Dear Seán O'Brien," in ack.body
    assert notification.subject.endswith("from Seán O'Brien, O'Brien & Sons")
    assert "O&#x27;Brien &amp; Sons" in notification.alternatives[0][0]


@pytest.mark.django_db
def test_enquiry_goes_to_the_nearest_category_contact():
    healthcare = CategoryFactory(slug="healthcare")
    services_cat = CategoryFactory(slug="healthcare-services", parent=healthcare)
    CategoryContact.objects.create(category=healthcare, email="health@publisher.example")
    enquiry = EnquiryFactory(report=ReportFactory(category=services_cat))

    services.enquiry_emails_send(enquiry_id=enquiry.pk)

    assert mail.outbox[1].to == ["health@publisher.example"]
    enquiry.refresh_from_db()
    assert enquiry.notified_to == "health@publisher.example"


@pytest.mark.django_db
def test_enquiry_retry_after_notification_failure_does_not_acknowledge_twice(eager_retries):
    enquiry = EnquiryFactory()
    real_send = mail.EmailMessage.send
    calls = []

    def notification_fails_once(message, *args, **kwargs):
        calls.append(message.subject)
        if message.subject.startswith("Enquiry on") and calls.count(message.subject) == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(message, *args, **kwargs)

    with mock.patch("django.core.mail.EmailMessage.send", notification_fails_once):
        tasks.send_enquiry_emails.apply(args=[enquiry.pk])

    enquiry.refresh_from_db()
    assert enquiry.delivery == DeliveryStatus.SENT
    assert [m.subject.split()[0] for m in mail.outbox] == ["We", "Enquiry"]


@pytest.mark.django_db
def test_sweep_requeues_stale_pending_rows_and_fails_them_after_the_limit(
    settings, django_capture_on_commit_callbacks
):
    settings.ENQUIRY_SWEEP_AFTER = 60
    settings.ENQUIRY_MAX_REQUEUES = 1
    stale = timezone.now() - timedelta(minutes=5)
    sample_request = SampleRequestFactory(queued_at=stale)
    enquiry = EnquiryFactory(queued_at=stale)
    fresh = SampleRequestFactory()

    with (
        mock.patch.object(tasks.render_sample, "apply_async") as render,
        mock.patch.object(tasks.send_enquiry_emails, "apply_async") as send,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            first = services.sweep_pending()
        with django_capture_on_commit_callbacks(execute=True):
            second = services.sweep_pending(now=timezone.now() + timedelta(minutes=5))

    assert (first.requeued, first.failed) == (2, 0)
    assert render.call_args_list[0].args[0] == (sample_request.pk,)
    assert send.call_args_list[0].args[0] == (enquiry.pk,)
    assert (second.requeued, second.failed) == (1, 2)
    sample_request.refresh_from_db()
    enquiry.refresh_from_db()
    fresh.refresh_from_db()
    assert sample_request.status == SampleStatus.FAILED
    assert enquiry.delivery == DeliveryStatus.FAILED
    assert fresh.requeue_count == 1


@pytest.mark.django_db
def test_resend_renders_again_and_sends_a_second_email(sample_report):
    sample_request = SampleRequestFactory(report=sample_report)
    services.sample_render(sample_request_id=sample_request.pk)
    services.sample_email_send(sample_request_id=sample_request.pk)
    first = SampleRequest.objects.get(pk=sample_request.pk)
    Report.objects.filter(pk=sample_report.pk).update(
        title="Renamed Market", revision=F("revision") + 1
    )

    with (
        mock.patch.object(transaction, "on_commit", lambda func, **kw: func()),
        mock.patch.object(
            documents, "render_sample_pdf", wraps=documents.render_sample_pdf
        ) as render,
    ):
        services.sample_resend(sample_request=sample_request)

    sample_request.refresh_from_db()
    assert render.call_count == 1
    assert sample_request.rendered_at > first.rendered_at
    assert sample_request.status == SampleStatus.SENT
    assert len(mail.outbox) == 2
    assert not services.samples_storage().exists(first.pdf_name) or (
        first.pdf_name == sample_request.pdf_name
    )


@pytest.mark.django_db
def test_mark_answered_records_time_and_assignee(staff_user):
    enquiry = EnquiryFactory()

    services.enquiry_mark_answered(enquiry=enquiry, by=staff_user)

    enquiry = Enquiry.objects.get(pk=enquiry.pk)
    assert enquiry.status == "answered"
    assert enquiry.answered_at is not None
    assert enquiry.assignee == staff_user


@pytest.mark.django_db
def test_one_render_serves_every_request_for_a_report_revision(sample_report):
    first, second = SampleRequestFactory.create_batch(2, report=sample_report)
    render = mock.Mock(return_value=b"%PDF-1.7 sample")

    services.sample_render(sample_request_id=first.pk, render=render)
    services.sample_render(sample_request_id=second.pk, render=render)
    type(sample_report).objects.filter(pk=sample_report.pk).update(
        revision=sample_report.revision + 1
    )
    third = SampleRequestFactory(report=sample_report)
    services.sample_render(sample_request_id=third.pk, render=render)

    assert render.call_count == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pdf_name != second.pdf_name
    storage = services.samples_storage()
    assert storage.open(second.pdf_name).read() == b"%PDF-1.7 sample"
