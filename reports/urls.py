from django.urls import path, re_path

from . import downloads, views, views_browse

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("categories/<slug:slug>/", views_browse.category_detail, name="category"),
    path("companies/<slug:slug>/", views_browse.company_detail, name="company"),
    re_path(r"^(?P<slug>[-\w]+)-r(?P<code>\d+)$", views.report_detail, name="detail"),
    re_path(r"^(?P<slug>[-\w]+)-r(?P<code>\d+)/$", views.report_detail, name="detail_slash"),
    re_path(r"^(?P<slug>[-\w]+)-r(?P<code>\d+)/data\.csv$", downloads.data_csv, name="data_csv"),
    re_path(r"^(?P<slug>[-\w]+)-r(?P<code>\d+)/data\.xlsx$", downloads.data_xlsx, name="data_xlsx"),
]

# --- Finding reports: search, browse pages and feeds (reports.views_browse, reports.feeds).
from . import feeds  # noqa: E402

urlpatterns += [
    path("reports/", views_browse.search_page, name="search"),
    path("segments/<slug:dimension>/<slug:slug>/", views_browse.segment_detail, name="segment"),
    path("regions/<slug:slug>/", views_browse.region_detail, name="region"),
    path("feeds/reports.rss", feeds.LatestReportsFeed(), name="feed_rss"),
    path("feeds/reports.atom", feeds.LatestReportsAtomFeed(), name="feed_atom"),
    path(
        "feeds/categories/<slug:slug>.atom",
        feeds.CategoryReportsAtomFeed(),
        name="category_feed",
    ),
]

# --- Press releases (reports.transfer.press_release).
from .transfer import press_release  # noqa: E402

urlpatterns += [
    re_path(
        r"^(?P<slug>[-\w]+)-r(?P<code>\d+)/press-release\.html$",
        press_release.press_release_html,
        name="press_release_html",
    ),
    re_path(
        r"^(?P<slug>[-\w]+)-r(?P<code>\d+)/press-release\.md$",
        press_release.press_release_markdown,
        name="press_release_md",
    ),
]
