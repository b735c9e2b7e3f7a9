"""manage.py carry_over_plan --from "KS 2016.371" --title "…" --period-start … --period-end …

A new draft plan from an earlier one, as "Skapa uppföljande plan" makes it
(``followup.carry_over``): by default with the activities not Genomförd or Avförd by their
latest status, with ``--all`` with every activity.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from followup.carry_over import carry_over
from followup.management.commands._reporting_args import date_arg, plan_arg
from plans.services import PlanError


class Command(BaseCommand):
    help = "Skapar en uppföljande plan (utkast) med en tidigare plans ej avslutade aktiviteter."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help="Planens id, titel eller diarienummer."
        )
        parser.add_argument("--title", required=True, help="Den nya planens titel.")
        parser.add_argument("--period-start", required=True, help="Giltig från (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--period-end", required=True, help="Giltig till (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--all",
            action="store_true",
            help="Alla aktiviteter, även de som är Genomförda eller Avförda.",
        )
        parser.add_argument("--registration-number", default="", help="Nytt diarienummer.")
        parser.add_argument("--user", help="Användarnamnet som står i historiken.")

    def handle(self, *args, **options):
        source = plan_arg(options["source"])
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Det finns ingen användare ”{options['user']}”.")
        try:
            plan = carry_over(
                source,
                title=options["title"],
                period_start=date_arg(options["period_start"]),
                period_end=date_arg(options["period_end"]),
                user=user,
                include_all=options["all"],
                registration_number=options["registration_number"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except PlanError as exc:
            raise CommandError(str(exc)) from None
        n = sum(area.activities.count() for area in plan.focus_areas.all())
        self.stdout.write(
            ngettext(
                "Skapade utkastet ”%(plan)s” (id %(id)s, %(slug)s) med %(n)s aktivitet "
                "från ”%(source)s”.",
                "Skapade utkastet ”%(plan)s” (id %(id)s, %(slug)s) med %(n)s aktiviteter "
                "från ”%(source)s”.",
                n,
            )
            % {"plan": plan.title, "id": plan.pk, "slug": plan.slug, "n": n, "source": source.title}
        )
