from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("terms-of-sale/", views.terms, name="terms"),
    path("orders/<str:token>/", views.order_detail, name="detail"),
    path("orders/<str:token>/pay", views.order_pay, name="pay"),
    path("orders/<str:token>/fresh-link", views.order_fresh_link, name="fresh_link"),
    path("orders/<str:token>/invoice.pdf", views.order_invoice, name="invoice"),
    path("download/report/<str:token>", views.download, name="download"),
    path("payments/<slug:provider>/webhook", views.provider_webhook, name="webhook"),
]
