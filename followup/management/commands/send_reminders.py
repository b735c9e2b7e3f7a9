"""One reminder round: what celery beat runs every morning (see followup/reminders.py)."""

from django.core.management.base import BaseCommand

from followup import reminders
from followup.management.commands._reporting_args import plan_tertial_args


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
        plan_obj, tertial_value = plan_tertial_args(plan, tertial)
        if dry_run:
            planned = reminders.plan_round(plan=plan_obj, tertial=tertial_value)
            for item in planned:
                self.stdout.write("  " + item.describe())
            self.stdout.write(
                self.style.SUCCESS(f"Provkörning: {len(planned)} e-postmeddelanden skulle skickas.")
            )
            return
        claimed = reminders.run_round(plan=plan_obj, tertial=tertial_value)
        for d in claimed:
            self.stdout.write(f"  {d.get_step_display()} → {d.recipient_name} <{d.recipient}>")
        self.stdout.write(self.style.SUCCESS(f"{len(claimed)} e-postmeddelanden köade."))
