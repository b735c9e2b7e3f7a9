"""Write the tertial report PDF from the command line (the same PDF as the web page's button)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from followup.report import render_report_pdf
from followup.tertial import Tertial
from plans.selectors import PlanNotFound, find_plan


class Command(BaseCommand):
    help = "Skriver tertialrapporten för en plan som PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Planens id, titel, kortadress eller diarienummer."
        )
        parser.add_argument("--tertial", required=True, help="Tertialen, t.ex. ”T1 2017”.")
        parser.add_argument("--output", required=True, help="Filen som PDF:en skrivs till.")
        parser.add_argument(
            "--contributions",
            "--bidrag",
            action="store_true",
            help="Ta med aktörernas bidrag som bilaga.",
        )

    def handle(self, *args, plan: str, tertial: str, output: str, contributions=False, **options):
        try:
            tertial_value = Tertial.parse(tertial)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        try:
            plan_obj = find_plan(plan)
        except PlanNotFound as exc:
            raise CommandError(str(exc)) from None
        pdf = render_report_pdf(plan_obj, tertial_value, contributions=contributions)
        path = Path(output)
        try:
            path.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {path}: {exc.strerror}.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{tertial_value.label} för ”{plan_obj.title}” skriven till {path} "
                f"({len(pdf) // 1024} kB)."
            )
        )
