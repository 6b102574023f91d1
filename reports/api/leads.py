"""Visitor endpoints for headless front ends (request a sample, send an enquiry) and the
staff's read-only CRM export of the records they create.

The POSTs validate with the enquiry forms (``enquiries.forms``), write through the enquiry
services, and apply the forms' rate limits, duplicate window and honeypot (``website``): a
bot that fills it gets the same 202 answer and nothing is recorded.

CSRF: these endpoints take no authentication (a visitor's session or a staff cookie
changes nothing) and accept only ``application/json``. A cross-site page cannot send a JSON
body without a CORS preflight, which this site never grants, so a forged cross-site
submission is refused with 415 before anything is read; CSRF tokens are not needed.
"""

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from enquiries.intake import LeadKind, LeadOutcome, lead_submit
from enquiries.models import Enquiry, SampleRequest
from portal.ratelimit import client_ip
from reports.selectors import published_report_by_code

from .errors import validation_error_response
from .pagination import Pagination
from .permissions import StaffModelPermissions
from .throttles import UserThrottle


class LeadRequestSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    email = serializers.EmailField(max_length=254)
    company = serializers.CharField(max_length=160)
    job_title = serializers.CharField(max_length=120)
    country = serializers.CharField(help_text="ISO 3166 code, e.g. GB.")
    phone = serializers.CharField(required=False, allow_blank=True)
    message = serializers.CharField(
        required=False, allow_blank=True, help_text="Required for an enquiry."
    )
    consent = serializers.BooleanField(help_text="Must be true.")
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Leave empty (a honeypot for bots)."
    )


class LeadAcceptedSerializer(serializers.Serializer):
    status = serializers.CharField()
    report = serializers.IntegerField()


class RateLimitedSerializer(serializers.Serializer):
    detail = serializers.CharField()


class _LeadView(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    parser_classes = [JSONParser]
    kind: LeadKind

    def post(self, request, code: int):
        report = published_report_by_code(code=int(code))
        if report is None:
            raise Http404
        data = request.data
        if not isinstance(data, dict):
            return validation_error_response({"non_field_errors": ["Expected a JSON object."]})
        bad = {
            key: ["Expected a string."]
            for key, value in data.items()
            if not isinstance(value, str) and not (key == "consent" and isinstance(value, bool))
        }
        if bad:
            return validation_error_response(bad)
        submitted = lead_submit(
            kind=self.kind, report=report, data=data, ip=client_ip(request._request)
        )
        if submitted.outcome is LeadOutcome.LIMITED:
            return self._limited()
        if submitted.outcome is LeadOutcome.INVALID:
            return validation_error_response(
                {
                    field: [str(m) for m in messages]
                    for field, messages in submitted.form.errors.items()
                }
            )
        return Response(
            {"status": "received", "report": report.code}, status=status.HTTP_202_ACCEPTED
        )

    def _limited(self):
        response = Response(
            {"detail": "Too many requests from you: try again later."},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(settings.ENQUIRY_RATE_LIMIT_WINDOW)
        return response


_LEAD_RESPONSES = {
    202: LeadAcceptedSerializer,
    400: OpenApiResponse(description='Field errors: {"errors": {field: [messages]}}.'),
    404: OpenApiResponse(description="No such published report."),
    415: OpenApiResponse(description="Not application/json."),
    429: RateLimitedSerializer,
}


@extend_schema(tags=["visitors"], request=LeadRequestSerializer, responses=_LEAD_RESPONSES)
class SampleRequestCreate(_LeadView):
    """Request the free sample of a published report; the PDF link is e-mailed."""

    kind = LeadKind.SAMPLE


@extend_schema(tags=["visitors"], request=LeadRequestSerializer, responses=_LEAD_RESPONSES)
class EnquiryCreate(_LeadView):
    """Ask a question about a published report before buying it."""

    kind = LeadKind.ENQUIRY


_LEAD_FIELDS = [
    "id",
    "report_code",
    "full_name",
    "email",
    "company",
    "job_title",
    "country",
    "phone",
    "message",
    "consent",
    "lead_quality",
    "status",
    "created_at",
]


class SampleRequestRecordSerializer(serializers.ModelSerializer):
    report_code = serializers.IntegerField(source="report.code")
    country = serializers.CharField(source="country.code", allow_null=True)

    class Meta:
        model = SampleRequest
        fields = [*_LEAD_FIELDS, "email_sent_at", "download_count"]


class EnquiryRecordSerializer(serializers.ModelSerializer):
    report_code = serializers.IntegerField(source="report.code")
    country = serializers.CharField(source="country.code", allow_null=True)

    class Meta:
        model = Enquiry
        fields = [*_LEAD_FIELDS, "delivery", "answered_at"]


class _CrmViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [StaffModelPermissions]
    throttle_classes = [UserThrottle]
    pagination_class = Pagination

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.select_related("report").order_by(
            "-created_at", "-id"
        )


@extend_schema(tags=["staff"])
class SampleRequestRecords(_CrmViewSet):
    """Sample requests, newest first, for CRM export (staff with the view permission)."""

    serializer_class = SampleRequestRecordSerializer


@extend_schema(tags=["staff"])
class EnquiryRecords(_CrmViewSet):
    """Enquiries, newest first, for CRM export (staff with the view permission)."""

    serializer_class = EnquiryRecordSerializer
