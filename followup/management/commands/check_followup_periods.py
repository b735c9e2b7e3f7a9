"""manage.py check_followup_periods: follow-up entries outside their plan's period.

Such entries can no longer be made (issue #11) but may exist from before. They are listed;
nothing is deleted unless asked. For each plan the command says what can be done with each
entry: entries the plan's period could reach (``plans.services.check_period``: years
1900–2199, at most ten years) are brought in by widening the period, which is always
allowed; entries too far away for that (a typo such as T1 9999) are removed with
``--remove --id N … --user U``, recorded in the history with who, when and why, as every
change. Exits with status 1 while there are any, so it can run in CI or a schedule.
"""

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from followup.selectors import entries_outside_period
from followup.services import remove_entries_outside_period
from plans.services import check_period


def _remove_command(entries) -> str:
    ids = " ".join(f"--id {e.pk}" for e in entries)
    return (
        f"manage.py check_followup_periods --remove {ids} --user <användarnamn> (historiken "
        "sparar dem med vem, när och varför); skriv sedan in uppföljningen för rätt tertial."
    )


def _reachable(plan, entries) -> tuple[list, list]:
    """(entries a wider period could cover, entries too far for any period the plan may have),
    taking the reachable ones together: a period that covers them all must still be one."""
    near, far = [], []
    for entry in entries:
        t = entry.tertial
        try:
            check_period(min(plan.period_start, t.start), max(plan.period_end, t.end))
        except ValidationError:
            far.append(entry)
        else:
            near.append(entry)
    while near:
        start = min([plan.period_start, *(e.tertial.start for e in near)])
        end = max([plan.period_end, *(e.tertial.end for e in near)])
        try:
            check_period(start, end)
            break
        except ValidationError:  # together too long: the farthest one is taken for a typo
            farthest = max(near, key=lambda e: abs(e.tertial.start - plan.period_start).days)
            near.remove(farthest)
            far.append(farthest)
    return near, far


def advice(plan, entries) -> list[str]:
    """What to do about ``plan``'s ``entries`` (outside its period), a line per kind."""
    if plan.is_archived:
        return [
            "    Planen är arkiverad och kan inte ändras: uppföljningarna visas inte i planens "
            f"rapporter. Hör de till fel tertial: {_remove_command(entries)}"
        ]
    near, far = _reachable(plan, entries)
    lines = []
    if near:
        start = min([plan.period_start, *(e.tertial.start for e in near)])
        end = max([plan.period_end, *(e.tertial.end for e in near)])
        reach = []
        if start < plan.period_start:
            reach.append(f"börjar senast {start.isoformat()}")
        if end > plan.period_end:
            reach.append(f"slutar tidigast {end.isoformat()}")
        labels = ", ".join(sorted({e.tertial.label for e in near}))
        lines.append(
            f"    {labels}: hör de till planen, ändra planens period (Redigera plan, eller "
            f"planen i admin) så att den {' och '.join(reach)}; då visas de i rapporterna. "
            f"Hör de till fel tertial: {_remove_command(near)}"
        )
    if far:
        labels = ", ".join(sorted({e.tertial.label for e in far}))
        lines.append(
            f"    {labels}: ligger för långt från planens period för att den ska kunna täcka "
            f"dem (en plan gäller högst tio år, åren 1900–2199); de är troligen felskrivna. "
            f"{_remove_command(far)}"
        )
    return lines


class Command(BaseCommand):
    help = "Listar uppföljningar som ligger utanför sin plans period, och vad göra med dem."

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Ta bort uppföljningarna med de angivna --id (sparas i historiken).",
        )
        parser.add_argument(
            "--id",
            dest="ids",
            type=int,
            action="append",
            default=[],
            metavar="N",
            help="En uppföljning som --remove tar bort (id i listan); kan anges flera gånger.",
        )
        parser.add_argument("--user", help="Användarnamnet som borttagningen görs i namn av.")
        parser.add_argument("--reason", default="", help="Varför (sparas i historiken).")

    def handle(self, *args, remove=False, ids=(), user=None, reason="", **options):
        if remove:
            self._remove(ids, user, reason)
            return
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
            for line in advice(plan, plan_entries):
                self.stdout.write(line)
        self.stdout.write(
            self.style.WARNING(
                f"{len(entries)} uppföljningar ligger utanför sin plans period. Inget är borttaget."
            )
        )
        sys.exit(1)

    def _remove(self, ids, user, reason) -> None:
        if not ids:
            raise CommandError(
                "Ange vilka uppföljningar som ska tas bort: --id N (id:n står i listan)."
            )
        if not user:
            raise CommandError("Ange vem som tar bort dem: --user <användarnamn>.")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"Det finns ingen aktiv användare ”{user}”.")
        try:
            removed = remove_entries_outside_period(actor, ids=ids, reason=reason)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for e in removed:
            self.stdout.write(
                f"  borttagen: aktivitet {e.activity.focus_area.order}.{e.activity.order}, "
                f"{e.tertial.label}: {e.get_status_display()}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(removed)} uppföljningar utanför sin plans period togs bort i "
                f"{actor.get_username()}s namn; historiken har dem som de var."
            )
        )
