"""One reminder round: what celery beat runs every morning (see followup/reminders.py)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from followup import reminders
from followup.management.commands._reporting_args import plan_arg, tertial_arg


class Command(BaseCommand):
    help = (
        "Skickar dagens påminnelser om rapportering (före och på sista dagen) och "
        "sammanställningen till samordnaren efter sista dagen. Inget skickas två gånger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="Bara denna plan (id, titel, kortadress, diarienummer).")
        parser.add_argument("--tertial", help="Bara denna tertial, t.ex. ”T3 2017”.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Skriv ut vem som skulle få vad; skicka inget."
        )

    def handle(self, *args, plan=None, tertial=None, dry_run=False, **options):
        plan_obj, tertial_value = plan_arg(plan), tertial_arg(tertial)
        if warning := reminders.site_url_warning():
            self.stderr.write(self.style.WARNING(warning))
        if dry_run:
            planned = reminders.plan_round(plan=plan_obj, tertial=tertial_value)
            for item in planned:
                self.stdout.write("  " + item.describe())
            self.explain_if_empty(planned, plan_obj, tertial_value)
            self.stdout.write(
                self.style.SUCCESS(
                    ngettext(
                        "Provkörning: %(n)s e-postmeddelande skulle skickas.",
                        "Provkörning: %(n)s e-postmeddelanden skulle skickas.",
                        len(planned),
                    )
                    % {"n": len(planned)}
                )
            )
            return
        claimed = reminders.run_round(plan=plan_obj, tertial=tertial_value)
        for d in claimed:
            self.stdout.write(f"  {d.get_step_display()} → {d.recipient_name} <{d.recipient}>")
        self.explain_if_empty(claimed, plan_obj, tertial_value)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)s e-postmeddelande köat.", "%(n)s e-postmeddelanden köade.", len(claimed)
                )
                % {"n": len(claimed)}
            )
        )

    def explain_if_empty(self, items, plan, tertial) -> None:
        if not items:
            for line in reminders.why_nothing_is_due(plan=plan, tertial=tertial):
                self.stdout.write("  " + line)
