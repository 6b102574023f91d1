from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView

from orders import views as order_views
from portal.security.admin_site import admin_site
from portal.security.csp import csp_report

urlpatterns = [
    path(settings.ADMIN_URL, admin_site().urls),
    path(settings.CSP_REPORT_URL.lstrip("/"), csp_report, name="csp-report"),
]

# --- The pages visitors read, in every language: English unprefixed (the addresses it always
# had), the others under /ja/, /de/ … (portal.i18n).
urlpatterns += i18n_patterns(
    path("privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("purchase/<int:code>", order_views.purchase, name="purchase"),
    # Buyer accounts: the library, and sign-in by e-mailed code (accounts, django-allauth).
    path("account/", include("accounts.urls")),
    path("account/auth/", include("allauth.urls")),
    path("", include("enquiries.urls")),
    path("", include("reports.urls")),
    # Buying reports: order pages, downloads, payment webhooks (orders.urls).
    path("", include("orders.urls")),
    prefix_default_language=False,
)

# --- Finding reports: sitemaps and robots.txt (reports.sitemaps, reports.views_browse).
from django.contrib.sitemaps import views as sitemap_views  # noqa: E402

from reports.sitemaps import SITEMAPS, sitemap_index  # noqa: E402
from reports.views_browse import robots_txt  # noqa: E402

urlpatterns += [
    path(
        "sitemap.xml",
        sitemap_index,
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
]

# --- REST API and its schema and docs (portal.api_urls).
urlpatterns += [path("api/", include("portal.api_urls"))]

# --- Health, readiness and metrics (portal.health, portal.metrics).
from portal import health, metrics  # noqa: E402

urlpatterns[:0] = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
