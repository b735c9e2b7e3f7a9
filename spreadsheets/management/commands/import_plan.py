"""manage.py import_plan FILE --plan "<title or id>" [--create] [--dry-run] --user NAME"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from actors import security
from actors.audit import acting_as
from followup.management.commands._reporting_args import date_arg
from plans.selectors import PlanNotFound, find_plan
from spreadsheets.importing.followups import parse_tertial
from spreadsheets.importing.reading import FileRejected, check_size
from spreadsheets.services import NewPlan, import_plan


class Command(BaseCommand):
    help = "Importerar en plans tabell från en Excel- eller CSV-fil (samma import som webbsidan)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel-fil (.xlsx) eller CSV-fil")
        parser.add_argument("--plan", required=True, help="Planens titel, id eller diarienummer")
        parser.add_argument(
            "--create", action="store_true", help="Skapa planen (med titeln i --plan)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Visa bara vad som skulle hända")
        parser.add_argument("--user", help="Användarnamn som ändringarna ska stå på i historiken")
        parser.add_argument(
            "--create-actors",
            action="store_true",
            help="Skapa aktörer som saknas men förklaras i filens förkortningslista",
        )
        parser.add_argument("--tertial", help="Tertial för kolumnen Uppföljning, t.ex. ”T2 2017”")
        parser.add_argument("--period-start", help="Ny plans giltighet från (ÅÅÅÅ-MM-DD)")
        parser.add_argument("--period-end", help="Ny plans giltighet till (ÅÅÅÅ-MM-DD)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Filen %(path)s finns inte.") % {"path": path})
        try:
            check_size(path.stat().st_size)
        except FileRejected as exc:
            raise CommandError(str(exc)) from exc
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(
                    _("Det finns ingen användare ”%(name)s”.") % {"name": options["user"]}
                ) from exc
        try:
            tertial = parse_tertial(options["tertial"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        plan, new_plan = None, None
        if options["create"]:
            new_plan = NewPlan(
                title=options["plan"],
                period_start=date_arg(options["period_start"]),
                period_end=date_arg(options["period_end"]),
            )
        else:
            try:
                plan = find_plan(options["plan"])
            except PlanNotFound as exc:
                raise CommandError(
                    f"{exc} " + _("Använd --create för att skapa en ny plan.")
                ) from exc
        with acting_as(user) if user is not None else nullcontext():
            result = import_plan(
                path.read_bytes(),
                filename=path.name,
                plan=plan,
                new_plan=new_plan,
                user=user,
                dry_run=options["dry_run"],
                create_actors=options["create_actors"],
                tertial=tertial,
            )
        if not options["dry_run"]:
            # Imports from the web and the admin are in the security log; so are these.
            security.log_event(
                security.IMPORT,
                user=user,
                source="manage.py import_plan",
                filename=path.name,
                size=path.stat().st_size,
                plan_id=result.plan_id or "",
                new_plan_title=options["plan"] if options["create"] else "",
                outcome="saved" if result.ok else "refused",
                errors=len(result.errors),
            )
        for line in result.summary_lines():
            self.stdout.write(line)
        if not result.ok:
            raise CommandError(
                _("Importen avbröts: %(n)s fel. Inget sparades.") % {"n": len(result.errors)}
            )
        if options["dry_run"]:
            self.stdout.write(_("Provkörning (--dry-run): inget sparades."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Importen är klar.")))
