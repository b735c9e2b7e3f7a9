"""manage.py check_followup_periods: follow-up entries outside their plan's period.

Such entries can no longer be made (issue #11) but may exist from before. They are listed,
never deleted: the coordinator decides (move the plan's period, or remove them in admin).
Exits with status 1 when there are any, so it can run in CI or a schedule.
"""

import sys

from django.core.management.base import BaseCommand

from followup.selectors import entries_outside_period


class Command(BaseCommand):
    help = "Listar uppföljningar som ligger utanför sin plans period (inget tas bort)."

    def handle(self, *args, **options):
        entries = list(entries_outside_period())
        if not entries:
            self.stdout.write(
                self.style.SUCCESS("Alla uppföljningar ligger inom sin plans period.")
            )
            return
        for e in entries:
            plan = e.activity.focus_area.plan
            self.stdout.write(
                f"  {plan.title} ({plan.period_start}–{plan.period_end}): aktivitet "
                f"{e.activity.focus_area.order}.{e.activity.order} ”{e.activity.title[:60]}”, "
                f"{e.tertial.label}: {e.get_status_display()} (id {e.pk})"
            )
        self.stdout.write(
            self.style.WARNING(
                f"{len(entries)} uppföljningar ligger utanför sin plans period. Inget är borttaget; "
                "ändra planens period eller ta bort dem i admin."
            )
        )
        sys.exit(1)
