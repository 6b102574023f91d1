"""A URLconf whose category pages live elsewhere (tests/portal/test_links.py)."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, slug):
    return HttpResponse(slug)


moved = ([path("moved/<slug:slug>/", _page, name="category")], "reports")
urlpatterns = [path("", include(moved))]
