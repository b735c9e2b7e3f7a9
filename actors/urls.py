from django.urls import path

from actors import views
from plans import changelog

app_name = "actors"

urlpatterns = [
    path("konto/tvafaktor/", views.otp_verify, name="otp_verify"),
    path("konto/tvafaktor/aktivera/", views.otp_setup, name="otp_setup"),
    path("andringslogg/", changelog.changelog_index, name="changelog_index"),
    path("andringslogg/<slug:slug>/", changelog.changelog, name="changelog"),
]
