"""Swedish names in admin for the apps we did not write (django-axes, django-otp,
django-celery-beat, Django's groups).

Their models name themselves in English ("Access attempts", "TOTP devices") and some
without gettext, so a translation catalogue cannot reach them. The names shown are
``_meta.verbose_name(_plural)`` and the app config's ``verbose_name``; we set them when the
apps are ready. Migrations are unaffected: they read ``_meta.original_attrs``.

Django's groups are the roles (see actors.roles), so admin calls them *roller*; that
also leaves one "Grupper" in admin, the network's groups.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "auth": _("Användare och roller"),
    "axes": _("Inloggningsspärrar"),
    "otp_totp": _("Tvåfaktorinloggning"),
    "django_celery_beat": _("Schemalagda uppgifter"),
}

#: label -> (singular, plural)
MODEL_NAMES = {
    "auth.group": (_("roll"), _("roller")),
    "axes.accessattempt": (
        _("misslyckad inloggning som räknas mot spärren"),
        _("misslyckade inloggningar och spärrar"),
    ),
    "axes.accesslog": (_("inloggning"), _("inloggningslogg")),
    "axes.accessfailurelog": (_("misslyckad inloggning"), _("misslyckade inloggningar (logg)")),
    "axes.accessattemptexpiration": (_("spärrens utgång"), _("spärrarnas utgång")),
    "otp_totp.totpdevice": (_("autentiseringsapp"), _("autentiseringsappar (tvåfaktor)")),
    "django_celery_beat.periodictask": (_("schemalagd uppgift"), _("schemalagda uppgifter")),
    "django_celery_beat.intervalschedule": (_("intervall"), _("intervall")),
    "django_celery_beat.crontabschedule": (_("crontab-schema"), _("crontab-scheman")),
    "django_celery_beat.solarschedule": (_("soltidsschema"), _("soltidsscheman")),
    "django_celery_beat.clockedschedule": (_("tidpunkt"), _("tidpunkter")),
}


def apply() -> None:
    """Set the Swedish names (called from VallentunaConfig.ready)."""
    for label, name in APP_NAMES.items():
        if apps.is_installed(label) or label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for label, (singular, plural) in MODEL_NAMES.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
