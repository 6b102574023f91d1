from django.urls import path

from portal import converters  # noqa: F401  (registers <link_token:…>)

from . import views

app_name = "enquiries"
urlpatterns = [
    path("enquiry/request-sample/<int:code>", views.request_sample, name="request_sample"),
    path("enquiry/request-sample/<int:code>/thanks", views.sample_thanks, name="sample_thanks"),
    path(
        "enquiry/pre-order-enquiry/<int:code>",
        views.pre_order_enquiry,
        name="pre_order_enquiry",
    ),
    path(
        "enquiry/pre-order-enquiry/<int:code>/thanks",
        views.enquiry_thanks,
        name="enquiry_thanks",
    ),
    path("enquiry/sample/<link_token:token>", views.sample_download, name="sample_download"),
    path(
        "enquiry/sample/<link_token:token>/fresh-link",
        views.sample_fresh_link,
        name="sample_fresh_link",
    ),
]
