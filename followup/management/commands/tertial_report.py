"""Write the tertial report from the command line: the same PDF or Word document as the report
page's links (``--format pdf|docx``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from followup.report import render_report_pdf
from followup.selectors import in_plan, outside_plan_message
from followup.tertial import Tertial
from followup.word import render_report_docx
from plans.selectors import PlanNotFound, find_plan


class Command(BaseCommand):
    help = "Skriver tertialrapporten för en plan som PDF (tillgänglig PDF/UA) eller Word (.docx)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Planens id, titel, kortadress eller diarienummer."
        )
        parser.add_argument("--tertial", required=True, help="Tertialen, t.ex. ”T1 2017”.")
        parser.add_argument("--output", required=True, help="Filen som rapporten skrivs till.")
        parser.add_argument(
            "--format",
            choices=["pdf", "docx"],
            default=None,
            help="pdf eller docx (Word); utan det avgör filnamnets ändelse, annars pdf.",
        )
        parser.add_argument(
            "--contributions",
            "--bidrag",
            action="store_true",
            help="Ta med aktörernas bidrag som bilaga (PDF).",
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
        if not in_plan(plan_obj, tertial_value):
            raise CommandError(outside_plan_message(plan_obj, tertial_value))
        path = Path(output)
        kind = options.get("format") or ("docx" if path.suffix.lower() == ".docx" else "pdf")
        if kind == "docx":
            data = render_report_docx(plan_obj, tertial_value)
        else:
            data = render_report_pdf(plan_obj, tertial_value, contributions=contributions)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {path}: {exc.strerror}.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{tertial_value.label} för ”{plan_obj.title}” skriven till {path} "
                f"({kind.upper()}, {len(data) // 1024} kB)."
            )
        )
