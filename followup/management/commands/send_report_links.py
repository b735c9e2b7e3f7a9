"""Send personal report links for a plan's tertial, as the coordinator's button does."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from followup import reminders
from followup.management.commands._reporting_args import actor_arg, plan_arg, tertial_arg
from followup.services import FollowUpError


class Command(BaseCommand):
    help = (
        "Skickar en personlig rapportlänk till varje kontaktperson för planens ansvariga "
        "aktörer (eller en aktör) för en tertial."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Planens id, titel, kortadress eller diarienummer."
        )
        parser.add_argument("--tertial", required=True, help="Tertialen, t.ex. ”T3 2017”.")
        parser.add_argument("--actor", help="Bara denna aktör (kortnamn, t.ex. ”Lopo Täby”).")

    def handle(self, *args, plan, tertial, actor=None, **options):
        plan_obj, tertial_value = plan_arg(plan), tertial_arg(tertial)
        actor_obj = actor_arg(actor)
        if warning := reminders.site_url_warning():
            self.stderr.write(self.style.WARNING(warning))
        try:
            deliveries = reminders.send_report_links(plan_obj, tertial_value, actor=actor_obj)
        except FollowUpError as exc:
            raise CommandError(str(exc)) from None
        for d in deliveries:
            self.stdout.write(f"  {d.actor} → {d.recipient_name} <{d.recipient}>")
        if not deliveries:
            self.stdout.write(
                "Ingen kontaktperson att skicka till: lägg till kontaktpersoner för aktörerna i admin."
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)s rapportlänk köad för %(tertial)s.",
                    "%(n)s rapportlänkar köade för %(tertial)s.",
                    len(deliveries),
                )
                % {"n": len(deliveries), "tertial": tertial_value.label}
            )
        )
