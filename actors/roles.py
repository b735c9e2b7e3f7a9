"""The four roles as Django groups, and the permissions each one carries.

``sync_roles`` is called by a data migration (and by tests) so that the groups
exist in every database and can be assigned in admin.
"""

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER


def _view(app_models: dict[str, list[str]]) -> list[str]:
    return [f"{app}.view_{m}" for app, models in app_models.items() for m in models]


_DOMAIN_MODELS = {
    "actors": ["actor", "membership", "network", "networkgroup", "position"],
    "plans": ["plan", "focusarea", "activity", "assessment"],
}

ROLE_PERMISSIONS: dict[str, list[str] | str] = {
    ROLE_ADMIN: "__all__",
    ROLE_COORDINATOR: [
        *[
            f"{app}.{action}_{m}"
            for app, models in _DOMAIN_MODELS.items()
            for m in models
            for action in ("view", "add", "change", "delete")
        ],
        "plans.import_plan",
        "followup.view_followup",
        "followup.add_followup",
        "followup.change_followup",
        "followup.report_all",
        "followup.close_tertial",
        "followup.view_tertialclosure",
        # Rapportör and Läsare users (actors.permissions.can_manage_user limits which).
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        # Report links, deadlines and reminders; the actors' contact persons (issue #13).
        "followup.manage_reporting",
        *[f"actors.{action}_contact" for action in ("view", "add", "change", "delete")],
    ],
    ROLE_REPORTER: [
        *_view(_DOMAIN_MODELS),
        "followup.view_followup",
        "followup.add_followup",
        "followup.change_followup",
        "followup.report_own",
    ],
    ROLE_READER: [*_view(_DOMAIN_MODELS), "followup.view_followup"],
}
# The checklists themselves (the twelve recommendations) are edited in admin by Administratör
# only; every role reads them on the plan pages (which ask actors.permissions, not these).


def sync_roles(apps=None, using: str = "default", *, skip_missing: bool = False) -> dict:
    """Create or update the role groups so that each has exactly its permissions.

    Called with the historical ``apps`` by the data migration (actors 0002) and
    with none by tests and ``setup_demo``: one definition of what each role may do.
    Administratör gets every permission that exists when it runs. ``skip_missing`` is for
    an early migration, run before the models of later permissions exist (a later
    migration syncs again); anywhere else a missing permission is an error.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    registry = apps or global_apps
    Group = registry.get_model("auth", "Group")
    Permission = registry.get_model("auth", "Permission")
    # Permissions are normally created after migrate; make sure they exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=registry, using=using)

    # One query for every permission, not one per name (setup_demo, tests and migrations).
    every = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }

    def permission(dotted: str) -> int:
        try:
            return every[tuple(dotted.split(".", 1))]
        except KeyError as exc:  # a typo here must not pass silently
            raise LookupError(f"Behörigheten {dotted} finns inte.") from exc

    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        if perms == "__all__":
            group.permissions.set(every.values())
        else:
            found = []
            for p in perms:
                try:
                    found.append(permission(p))
                except LookupError:
                    if not skip_missing:
                        raise
            group.permissions.set(found)
        groups[role] = group
    return groups


#: Roles that work in admin (the others use the app's own pages only).
ADMIN_ROLES = frozenset({ROLE_ADMIN, ROLE_COORDINATOR})


def sync_role_flags(user, roles_before: set[str]) -> None:
    """Admin access follows the role: Administratör and Trygghetssamordnare get
    into admin, and Administratör is a superuser (everything, also permissions
    added after the role was created). Taking the Administratör role away also
    takes superuser status away; a superuser made with createsuperuser stays one.
    """
    roles = set(user.groups.values_list("name", flat=True))
    if ROLE_ADMIN in roles:
        user.is_superuser = True
    elif ROLE_ADMIN in roles_before:
        user.is_superuser = False
    user.is_staff = user.is_superuser or bool(roles & ADMIN_ROLES)
    user.save(update_fields=["is_staff", "is_superuser"])
