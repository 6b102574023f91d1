from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import leads, views

app_name = "api"


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored assets, its start-up script served as a separate file
    so the page runs under the strict CSP (no inline script or style)."""

    template_name = "api/swagger_ui.html"


router = SimpleRouter()
router.register("reports", views.ReportViewSet, basename="report")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("segments", views.SegmentViewSet, basename="segment")
router.register(
    "staff/sample-requests", leads.SampleRequestRecords, basename="staff-sample-request"
)
router.register("staff/enquiries", leads.EnquiryRecords, basename="staff-enquiry")

urlpatterns = [
    *router.urls,
    path("staff/reports/", views.StaffReportList.as_view(), name="staff-report-list"),
    path(
        "staff/reports/<int:code>/", views.StaffReportDetail.as_view(), name="staff-report-detail"
    ),
    path(
        "reports/<int:code>/sample-requests/",
        leads.SampleRequestCreate.as_view(),
        name="report-sample-request",
    ),
    path("reports/<int:code>/enquiries/", leads.EnquiryCreate.as_view(), name="report-enquiry"),
]
