"""manage.py check_followup_periods: follow-up entries outside their plan's period.

Such entries can no longer be made (issue #11) but may exist from before. They are listed;
nothing is deleted unless asked. Per plan the command says what can be done: widen the
plan's period to cover them when that is a period a plan may have (``plans.services.
check_period``: years 1900–2199, at most ten years; widening never leaves follow-up
outside), or, for entries in the wrong tertial (a typo such as T1 9999), remove them with
``--remove --user U``: recorded in the history with who, when and why, as every change.
Exits with status 1 while there are any, so it can run in CI or a schedule.
"""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from followup.selectors import entries_outside_period
from followup.services import remove_entries_outside_period
from plans.services import check_period

REMOVE = (
    "manage.py check_followup_periods --remove --user <användarnamn> tar bort dem (historiken "
    "sparar dem med vem, när och varför); skriv sedan in uppföljningen för rätt tertial."
)


def advice(plan, tertials) -> str:
    """What to do about ``plan``'s entries in ``tertials`` (outside its period)."""
    if plan.is_archived:
        return (
            "    Planen är arkiverad och kan inte ändras: uppföljningarna visas inte i "
            f"planens rapporter. Hör de till fel tertial: {REMOVE}"
        )
    start = min([plan.period_start, *(t.start for t in tertials)])
    end = max([plan.period_end, *(t.end for t in tertials)])
    try:
        check_period(start, end)
    except ValidationError:
        return (
            f"    Tertialerna ({', '.join(t.label for t in tertials)}) ligger för långt från "
            f"planens period för att den ska kunna täcka dem; de är troligen felskrivna. {REMOVE}"
        )
    reach = []
    if start < plan.period_start:
        reach.append(f"börjar senast {start.isoformat()}")
    if end > plan.period_end:
        reach.append(f"slutar tidigast {end.isoformat()}")
    return (
        f"    Hör de till planen: ändra planens period (Redigera plan, eller planen i admin) så "
        f"att den {' och '.join(reach)}; då visas de i rapporterna. Hör de till fel tertial: "
        f"{REMOVE}"
    )


class Command(BaseCommand):
    help = "Listar uppföljningar som ligger utanför sin plans period (inget tas bort)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Ta bort de listade uppföljningarna (sparas i historiken). Kräver --user.",
        )
        parser.add_argument("--user", help="Användarnamnet som borttagningen görs i namn av.")
        parser.add_argument("--reason", default="", help="Varför (sparas i historiken).")

    def handle(self, *args, remove=False, user=None, reason="", **options):
        actor = None
        if remove:
            if not user:
                raise CommandError("Ange vem som tar bort dem: --user <användarnamn>.")
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Det finns ingen aktiv användare ”{user}”.")
        entries = list(entries_outside_period())
        if not entries:
            self.stdout.write(
                self.style.SUCCESS("Alla uppföljningar ligger inom sin plans period.")
            )
            return
        by_plan: dict = {}
        for e in entries:
            by_plan.setdefault(e.activity.focus_area.plan, []).append(e)
        for plan, plan_entries in by_plan.items():
            self.stdout.write(f"{plan.title} ({plan.period_start}–{plan.period_end}):")
            for e in plan_entries:
                self.stdout.write(
                    f"  aktivitet {e.activity.focus_area.order}.{e.activity.order} "
                    f"”{e.activity.title[:60]}”, {e.tertial.label}: {e.get_status_display()} "
                    f"(id {e.pk})"
                )
            if not remove:
                self.stdout.write(advice(plan, sorted({e.tertial for e in plan_entries})))
        if remove:
            removed = remove_entries_outside_period(actor, reason=reason)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(removed)} uppföljningar utanför sin plans period togs bort i "
                    f"{actor.get_username()}s namn; historiken har dem som de var."
                )
            )
            return
        self.stdout.write(
            self.style.WARNING(
                f"{len(entries)} uppföljningar ligger utanför sin plans period. Inget är borttaget."
            )
        )
        sys.exit(1)
