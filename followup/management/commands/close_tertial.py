"""manage.py close_tertial --plan P --tertial T --user U [--reopen] [--confirm]: what the board's
button does (``followup.services.close_tertial``), for scripts and schedules."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from followup import services
from followup.management.commands._reporting_args import plan_tertial_args


class Command(BaseCommand):
    help = (
        "Stänger (eller med --reopen öppnar igen) en plans tertial, som knappen i uppföljningen. "
        "Stängningen arkiverar rapporten som en ny version."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Planens id, titel, kortadress eller diarienummer."
        )
        parser.add_argument("--tertial", required=True, help="Tertialen, t.ex. ”T3 2017”.")
        parser.add_argument(
            "--user", required=True, help="Användarnamnet som stängningen tillskrivs."
        )
        parser.add_argument("--reopen", action="store_true", help="Öppna tertialen igen.")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Stäng även om ej genomförda aktiviteter inte är uppdaterade för tertialen.",
        )

    def handle(self, *args, plan, tertial, user, reopen=False, confirm=False, **options):
        plan_obj, tertial_value = plan_tertial_args(plan, tertial)
        User = get_user_model()
        try:
            user_obj = User.objects.get_by_natural_key(user)
        except User.DoesNotExist:
            raise CommandError(f"Det finns ingen användare ”{user}”.") from None
        if not user_obj.is_active or not user_obj.has_perm("followup.close_tertial"):
            raise CommandError(f"”{user}” får inte stänga eller öppna tertialer.")
        try:
            if reopen:
                services.reopen_tertial(plan_obj, tertial_value, user_obj)
            else:
                services.close_tertial(
                    plan_obj, tertial_value, user_obj, confirm_not_updated=confirm
                )
        except services.NotUpdatedError as exc:
            lines = [str(exc)]
            for row in exc.rows:
                a = row.activity
                lines.append(f"  {a.focus_area.order}.{a.order} {a.title}")
            lines.append("Kör igen med --confirm för att stänga ändå.")
            raise CommandError("\n".join(lines)) from None
        except services.FollowUpError as exc:
            raise CommandError(str(exc)) from None
        if reopen:
            self.stdout.write(self.style.SUCCESS(f"{tertial_value.label} är öppnad igen."))
            return
        filed = (
            services.FiledReport.objects.filter(
                plan=plan_obj, year=tertial_value.year, number=tertial_value.number
            )
            .order_by("-version")
            .first()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{tertial_value.label} för ”{plan_obj.title}” är stängd; rapporten är arkiverad "
                f"({filed.label if filed else ''})."
            )
        )
