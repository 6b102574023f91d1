"""API views. Public reads are anonymous and throttled; staff writes go through
``reports.transfer.importer`` (the same validation and integrity rules as the import);
visitor POSTs go through the enquiry forms and services."""

from django.conf import settings
from django.db.models import Count, Max
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.site import absolute_url
from reports import selectors
from reports.integrity import report_findings
from reports.languages import hide_unpublished, show_published_text
from reports.models import Category, Company, Report
from reports.search.index import search_generation
from reports.services import NotPublisher
from reports.transfer.document import DocumentInvalid, document_validate
from reports.transfer.export import report_document, reports_for_export
from reports.transfer.importer import RecordRefused, report_document_save
from segments.models import Segment

from . import serializers as s
from .errors import validation_error_response
from .filters import ReportFilter
from .pagination import Pagination
from .permissions import StaffModelPermissions
from .throttles import AnonThrottle, UserThrottle

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
"""What a ``SlugField`` holds (Django's ``<slug:…>``): anything else is a 404 from the
router, never a query."""


LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    description="A language of the site (e.g. ja): the report's text in it where the "
    "report is published in that language, English otherwise. Every translation is "
    "also in the detail's `translations`.",
)


class PublicMixin:
    """Public reads; ``?lang=ja`` gives names and a report's text in that language where
    the report is published in it (English otherwise, as on the site)."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = [AnonThrottle]
    pagination_class = Pagination

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language is not None:
            if language not in dict(settings.LANGUAGES):
                codes = ", ".join(code for code, _name in settings.LANGUAGES)
                raise ValidationError({"lang": [f"Unknown language; one of: {codes}."]})
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and queryset.model is Report:
            show_published_text(page)
        return page


def report_links(report: Report) -> dict:
    page = report.get_absolute_url()
    return {
        "page": absolute_url(page),
        "sample": absolute_url(reverse("enquiries:request_sample", kwargs={"code": report.code})),
        "enquiry": absolute_url(
            reverse("enquiries:pre_order_enquiry", kwargs={"code": report.code})
        ),
        "purchase": absolute_url(reverse("purchase", kwargs={"code": report.code})),
        "press_release_html": absolute_url(
            reverse("reports:press_release_html", kwargs={"slug": report.slug, "code": report.code})
        ),
        "press_release_md": absolute_url(
            reverse("reports:press_release_md", kwargs={"slug": report.slug, "code": report.code})
        ),
    }


def report_detail_data(report: Report) -> dict:
    """The report document with its computed CAGR and its absolute links."""
    document = report_document(report)
    cagr = selectors.market_cagr(report)
    document["cagr"] = (
        {
            "percent": str(cagr.percent),
            "start_year": cagr.start.year,
            "end_year": cagr.end.year,
            "covers_forecast": cagr.covers_forecast,
        }
        if cagr
        else None
    )
    document["links"] = report_links(report)
    return document


def _conditional(request, *, etag: str, last_modified) -> Response | None:
    """A 304 (or 412) when the client's copy is current, else None."""
    response = get_conditional_response(
        request, etag=quote_etag(etag), last_modified=last_modified.timestamp()
    )
    return response


def _with_validators(response: Response, *, etag: str, last_modified) -> Response:
    response["ETag"] = quote_etag(etag)
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=60"
    return response


@extend_schema(tags=["catalogue"])
class ReportViewSet(PublicMixin, viewsets.ReadOnlyModelViewSet):
    """Published reports. The list takes the search page's filters; the detail carries the
    whole report (sections, figures, computed CAGR, segments, players, licences, links)."""

    serializer_class = s.ReportListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.published_reports().order_by("-published_at", "-id")

    def list(self, request, *args, **kwargs):
        published = selectors.published_reports().aggregate(
            last=Max("updated_at"), count=Count("pk")
        )
        newest = published["last"]
        if newest is not None:
            etag = (
                f"list-{search_generation()}-{newest.timestamp()}-{published['count']}-"
                f"{request.META.get('QUERY_STRING', '')}"
            )
            not_modified = _conditional(request, etag=etag, last_modified=newest)
            if not_modified is not None:
                return not_modified
        response = super().list(request, *args, **kwargs)
        if newest is not None:
            _with_validators(response, etag=etag, last_modified=newest)
        return response

    @extend_schema(
        parameters=[LANG_PARAMETER],
        responses={
            200: s.ReportDetailSerializer,
            404: OpenApiResponse(description="No such published report."),
        },
    )
    def retrieve(self, request, code=None):
        report = selectors.published_report_by_code(code=int(code))
        if report is None:
            raise Http404
        etag = f"report-{report.code}-{report.revision}-{translation.get_language()}"
        not_modified = _conditional(request, etag=etag, last_modified=report.updated_at)
        if not_modified is not None:
            return not_modified
        report = reports_for_export().get(pk=report.pk)
        hide_unpublished(report, translation.get_language())
        response = Response(s.ReportDetailSerializer(report_detail_data(report)).data)
        return _with_validators(response, etag=etag, last_modified=report.updated_at)


@extend_schema(tags=["catalogue"])
class CategoryViewSet(PublicMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CategorySerializer
    queryset = Category.objects.select_related("parent").order_by("position", "name", "id")
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


@extend_schema(tags=["catalogue"])
class CompanyViewSet(PublicMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CompanySerializer
    queryset = Company.objects.order_by("name", "id")
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


@extend_schema(
    tags=["catalogue"],
    parameters=[OpenApiParameter("dimension", str, description="Dimension slug, e.g. region.")],
)
class SegmentViewSet(PublicMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SegmentSerializer

    def get_queryset(self):
        queryset = Segment.objects.select_related("dimension", "parent").order_by(
            "dimension__position", "name", "id"
        )
        dimension = self.request.query_params.get("dimension")
        if dimension:
            queryset = queryset.filter(dimension__slug=dimension[:80])
        return queryset


class StaffMixin:
    permission_classes = [StaffModelPermissions]
    throttle_classes = [UserThrottle]
    pagination_class = Pagination


def _finding_data(finding) -> dict:
    return {
        "level": finding.level,
        "code": finding.code,
        "message": finding.message,
        "where": finding.where,
        "quote": finding.quote,
    }


def _write_response(report: Report, findings, *, created: bool) -> Response:
    data = report_detail_data(reports_for_export().get(pk=report.pk))
    data["findings"] = [_finding_data(f) for f in findings]
    return Response(
        s.ReportWriteResultSerializer(data).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


def _save(request, data, *, created: bool) -> Response:
    try:
        document = document_validate(data)
    except DocumentInvalid as error:
        return validation_error_response(error.errors)
    try:
        report, findings = report_document_save(document=document, by=request.user)
    except NotPublisher as refusal:
        return Response({"detail": refusal.message}, status=status.HTTP_403_FORBIDDEN)
    except RecordRefused as error:
        return validation_error_response(error.errors or {"non_field_errors": [error.message]})
    return _write_response(report, findings, created=created)


@extend_schema(tags=["staff"])
class StaffReportList(StaffMixin, generics.GenericAPIView):
    """Create a report with its nested sections, figures, segments, players and licences."""

    queryset = Report.objects.all()
    serializer_class = s.ReportDocumentSerializer

    @extend_schema(
        request=s.ReportDocumentSerializer,
        responses={201: s.ReportWriteResultSerializer, 400: s.ErrorSerializer},
    )
    def post(self, request):
        if isinstance(request.data, dict) and isinstance(request.data.get("code"), int):
            if Report.objects.filter(code=request.data["code"]).exists():
                return validation_error_response(
                    {"code": ["A report with this code exists: PUT to its address."]}
                )
        return _save(request, request.data, created=True)


@extend_schema(tags=["staff"])
class StaffReportDetail(StaffMixin, generics.GenericAPIView):
    """Read a report in any status, or replace it with its nested rows in one request.

    A request that would publish a report with integrity errors is refused (400) with the
    list of errors; warnings come back in ``findings``.
    """

    queryset = Report.objects.all()
    serializer_class = s.ReportDocumentSerializer
    lookup_field = "code"

    def _report(self, code):
        report = Report.objects.filter(code=int(code)).first() if int(code) < 2**31 else None
        if report is None:
            raise Http404
        return report

    @extend_schema(responses={200: s.ReportWriteResultSerializer})
    def get(self, request, code):
        """The report with its integrity findings, each quoting the words it rests on."""
        report = self._report(code)
        data = report_detail_data(reports_for_export().get(pk=report.pk))
        data["findings"] = [_finding_data(f) for f in report_findings(report=report)]
        return Response(s.ReportWriteResultSerializer(data).data)

    @extend_schema(
        request=s.ReportDocumentSerializer,
        responses={200: s.ReportWriteResultSerializer, 400: s.ErrorSerializer},
    )
    def put(self, request, code):
        self._report(code)
        data = request.data
        if isinstance(data, dict):
            data = {**data, "code": int(code)}
        return _save(request, data, created=False)
