"""Freeze every closed tertial that has no filed report yet (what the migration does)."""

from django.core.management.base import BaseCommand

from followup.services import freeze_closed_tertials


class Command(BaseCommand):
    help = "Arkiverar rapporten för varje stängd tertial som saknar arkiverad rapport."

    def add_arguments(self, parser):
        parser.add_argument("--pdf", action="store_true", help="Framställ och arkivera PDF:en.")

    def handle(self, *args, pdf: bool = False, **options):
        filed = freeze_closed_tertials(render_pdf=pdf)
        for report in filed:
            self.stdout.write(f"Arkiverad: {report.plan} – {report.tertial.label}, version 1.")
        self.stdout.write(self.style.SUCCESS(f"{len(filed)} rapporter arkiverade."))
