from django.urls import path, re_path

from . import views

app_name = "accounts"

ORDER_NUMBER = r"(?P<number>RR-[23456789A-HJ-NP-Z]{8})"

urlpatterns = [
    path("", views.library, name="library"),
    path("profile", views.profile, name="profile"),
    re_path(rf"^orders/{ORDER_NUMBER}/download$", views.download, name="download"),
    re_path(rf"^orders/{ORDER_NUMBER}/seats$", views.seat_invite, name="seat_invite"),
    path("seats/<int:seat_id>/release", views.seat_release, name="seat_release"),
    path("seats/<int:seat_id>/accept", views.seat_accept, name="seat_accept"),
    path("data.json", views.data_export, name="data_export"),
    path("delete", views.delete, name="delete"),
]
