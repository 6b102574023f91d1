from django.urls import path

from portal import converters  # noqa: F401  (registers <order_token:…> and <link_token:…>)

from . import views

app_name = "orders"
urlpatterns = [
    path("terms-of-sale/", views.terms, name="terms"),
    path("orders/<order_token:token>/", views.order_detail, name="detail"),
    path("orders/<order_token:token>/pay", views.order_pay, name="pay"),
    path("orders/<order_token:token>/fresh-link", views.order_fresh_link, name="fresh_link"),
    path("orders/<order_token:token>/invoice.pdf", views.order_invoice, name="invoice"),
    path("download/report/<link_token:token>", views.download, name="download"),
    path("payments/<slug:provider>/webhook", views.provider_webhook, name="webhook"),
]
