"""manage.py export_plan --plan "<title or id>" [--format xlsx|csv] [--tertial T2 2017] -o FILE"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from followup.selectors import in_plan, outside_plan_message
from plans.selectors import PlanNotFound, find_plan
from spreadsheets.exporting import export_csv, export_filename, export_xlsx
from spreadsheets.importing.followups import parse_tertial


class Command(BaseCommand):
    help = "Exporterar en plans tabell till Excel (.xlsx) eller CSV i planens egen form."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="Planens titel, id eller diarienummer")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--tertial", help="Uppföljning för tertial, t.ex. ”T2 2017”")
        parser.add_argument("-o", "--output", help="Fil att skriva (standard: planens namn)")

    def handle(self, *args, **options):
        try:
            plan = find_plan(options["plan"])
        except PlanNotFound as exc:
            raise CommandError(str(exc)) from exc
        try:
            tertial = parse_tertial(options["tertial"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if tertial is not None and not in_plan(plan, tertial):
            raise CommandError(outside_plan_message(plan, tertial))
        writer = export_csv if options["format"] == "csv" else export_xlsx
        path = Path(options["output"] or export_filename(plan, options["format"]))
        path.write_bytes(writer(plan, tertial))
        self.stdout.write(self.style.SUCCESS(_("Skrev %(path)s.") % {"path": path}))
