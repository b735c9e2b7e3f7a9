"""Prepare a local demo: the adopted 2016–2017 plan, its follow-ups and one login per role.

Safe to run again: data that is already there is left as it is.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actors.models import Actor, Membership
from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER
from actors.roles import sync_role_flags, sync_roles
from followup.services import freeze_closed_tertials
from plans.adoption import fill_adopted_at
from plans.models import Plan
from vallentuna.history import load_fixtures

DEMO_PASSWORD = "vallentuna-demo"  # noqa: S105 - printed on purpose, refused outside DEBUG
PLAN_FIXTURE = "vallentuna_2016_2017"
FOLLOWUP_FIXTURE = settings.BASE_DIR / "fixtures" / "vallentuna_2016_2017_uppfoljning.json"

DEMO_USERS = [
    # username, role, first name, last name, actor codes
    ("admin", ROLE_ADMIN, "Ada", "Administratör", []),
    ("samordnare", ROLE_COORDINATOR, "Sara", "Samordnare", ["Trygghetssamordnaren", "KLK"]),
    ("rapportor", ROLE_REPORTER, "Rikard", "Rapportör", ["BUF"]),
    ("lasare", ROLE_READER, "Lisa", "Läsare", []),
]


class Command(BaseCommand):
    help = "Läser in den antagna planen 2016–2017 med uppföljning och skapar demoinloggningar."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Kör även när DEBUG är av.")

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "setup_demo skapar användare med kända lösenord och körs bara med DEBUG=1."
            )
        with transaction.atomic():
            groups = sync_roles()
            if not Plan.objects.filter(registration_number="KS 2016.371").exists():
                fixtures = [PLAN_FIXTURE]
                if FOLLOWUP_FIXTURE.exists():
                    fixtures.append(FOLLOWUP_FIXTURE.stem)
                load_fixtures(*fixtures)
                # Loaded already adopted: changes from now on are changes since adoption.
                fill_adopted_at()
                # The tertials closed in the fixture are filed as they stand (issue #11).
                freeze_closed_tertials()
                self.stdout.write("Handlingsplanen 2016–2017 (KS 2016.371) är inläst.")
            else:
                self.stdout.write("Handlingsplanen 2016–2017 fanns redan; inget ändrat.")
            User = get_user_model()
            for username, role, first, last, actor_codes in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "first_name": first,
                        "last_name": last,
                        "email": f"{username}@example.org",
                    },
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                    user.groups.add(groups[role])
                    sync_role_flags(user, set())
                    for actor in Actor.objects.filter(code__in=actor_codes):
                        Membership.objects.get_or_create(user=user, actor=actor)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demoinloggning (lösenord för alla: {DEMO_PASSWORD}):")
        )
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Öppna http://127.0.0.1:{port}/ och logga in.")
