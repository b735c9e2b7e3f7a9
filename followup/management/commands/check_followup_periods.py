"""manage.py check_followup_periods: follow-up entries outside their plan's period.

Such entries can no longer be made (issue #11) but may exist from before. They are listed,
never deleted: entries are history, and neither admin nor the app deletes them. What brings
them back into the plan's reports is a period that covers their tertials, so per plan the
command says how far the period must reach (widening a period is always allowed; only a
change that would leave follow-up outside is refused), or that an archived plan cannot be
changed. Exits with status 1 when there are any, so it can run in CI or a schedule.
"""

import sys

from django.core.management.base import BaseCommand

from followup.selectors import entries_outside_period


def advice(plan, tertials) -> str:
    """What to do about ``plan``'s entries in ``tertials`` (outside its period)."""
    if plan.is_archived:
        return (
            "    Planen är arkiverad och kan inte ändras: uppföljningarna ligger kvar med sin "
            "historik men visas inte i planens rapporter."
        )
    reach = []
    before = [t for t in tertials if t.end < plan.period_start]
    after = [t for t in tertials if t.start > plan.period_end]
    if before:
        reach.append(f"börjar senast {min(before).start.isoformat()}")
    if after:
        reach.append(f"slutar tidigast {max(after).end.isoformat()}")
    return (
        f"    Ändra planens period (Redigera plan, eller planen i admin) så att den "
        f"{' och '.join(reach)}; då ligger uppföljningarna inom perioden och visas i "
        "rapporterna. Hör de till fel tertial: samordnaren skriver in dem för rätt tertial "
        "inom perioden (de felaktiga ligger kvar i historiken och listas här)."
    )


class Command(BaseCommand):
    help = "Listar uppföljningar som ligger utanför sin plans period (inget tas bort)."

    def handle(self, *args, **options):
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
            self.stdout.write(advice(plan, sorted({e.tertial for e in plan_entries})))
        self.stdout.write(
            self.style.WARNING(
                f"{len(entries)} uppföljningar ligger utanför sin plans period. Inget är "
                "borttaget, och uppföljningar tas inte bort: de är historik (admin visar dem "
                "men tar inte bort dem)."
            )
        )
        sys.exit(1)
