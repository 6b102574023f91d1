from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.library, name="library"),
    path("data.json", views.data_export, name="data_export"),
    path("delete", views.delete, name="delete"),
]
