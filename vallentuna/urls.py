"""URL map. Each app owns its own url module; this file only mounts them."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from actors.views import RateLimitedPasswordResetView, set_language
from followup.views.overview import overview

admin.site.site_header = _("Vallentuna kommun – handlingsplaner")
admin.site.site_title = _("Handlingsplaner")
admin.site.index_title = _("Administration")

handler400 = "vallentuna.errors.bad_request"
handler403 = "vallentuna.errors.permission_denied"

urlpatterns = [
    path("", overview, name="overview"),
    path(
        "tillganglighet/",
        login_not_required(TemplateView.as_view(template_name="accessibility.html")),
        name="accessibility",
    ),
    path("admin/", admin.site.urls),
    # The header's language switch: also on the login page, so open to visitors too; a
    # logged-in user's choice is stored on the account (actors.views.set_language).
    path("i18n/setlang/", set_language, name="set_language"),
    # Before django.contrib.auth.urls: the same page and name, with a rate limit.
    path(
        "konto/password_reset/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("konto/", include("django.contrib.auth.urls")),
    path("", include("actors.urls")),
    path("", include("plans.urls")),
    path("", include("followup.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("changelog.urls")),
]
