from django.urls import path

from actors import views

app_name = "actors"

urlpatterns = [
    path("konto/tvafaktor/", views.otp_verify, name="otp_verify"),
    path("konto/tvafaktor/aktivera/", views.otp_setup, name="otp_setup"),
    path("konto/fortsatt/", views.keep_alive, name="keep_alive"),
    path("konto/sessionen/", views.session_left, name="session_left"),
]
