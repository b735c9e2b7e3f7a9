from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        from followup import signals  # noqa: F401
        from followup.services import period_change_problems
        from plans.services import register_period_check

        # a plan's period may not leave its follow-up outside (plans does not import followup)
        register_period_check(period_change_problems)
