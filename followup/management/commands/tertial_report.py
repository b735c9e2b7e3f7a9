"""Write the tertial report PDF from the command line (the same PDF as the web page's button)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from followup.report import render_report_pdf
from followup.tertial import Tertial
from plans.models import Plan


class Command(BaseCommand):
    help = "Skriver tertialrapporten för en plan som PDF."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Planens id, titel, kortadress eller diarienummer."
        )
        parser.add_argument("--tertial", required=True, help="Tertialen, t.ex. ”T1 2017”.")
        parser.add_argument("--output", required=True, help="Filen som PDF:en skrivs till.")

    def handle(self, *args, plan: str, tertial: str, output: str, **options):
        try:
            tertial_value = Tertial.parse(tertial)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        plan_obj = find_plan(plan)
        pdf = render_report_pdf(plan_obj, tertial_value)
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


def find_plan(value: str) -> Plan:
    """A plan by id, slug, diarienummer or exact title (case-insensitive); clear error otherwise."""
    value = value.strip()
    query = Q(slug=value) | Q(registration_number__iexact=value) | Q(title__iexact=value)
    if value.isdigit():
        query |= Q(pk=int(value))
    matches = list(Plan.objects.filter(query)[:2])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = ", ".join(f"{p.pk}: {p.title} ({p.slug})" for p in Plan.objects.all()[:20])
        raise CommandError(f"Ingen plan matchar ”{value}”. Planer som finns: {known or 'inga'}.")
    raise CommandError(f"Flera planer matchar ”{value}”; ange id eller kortadress.")
