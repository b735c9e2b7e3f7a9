"""The four roles as Django groups, and the permissions each one carries.

``sync_roles`` is called by a data migration (and by tests) so that the groups
exist in every database and can be assigned in admin.
"""

from django.contrib.auth.models import Group, Permission

from actors.permissions import ROLE_ADMIN, ROLE_COORDINATOR, ROLE_READER, ROLE_REPORTER

_APPS = ["actors", "plans", "followup"]


def _view(app_models: dict[str, list[str]]) -> list[str]:
    return [f"{app}.view_{m}" for app, models in app_models.items() for m in models]


_DOMAIN_MODELS = {
    "actors": ["actor", "membership", "network", "networkgroup", "position"],
    "plans": ["plan", "focusarea", "activity"],
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


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as exc:  # a typo here must not pass silently
        raise LookupError(f"Behörigheten {dotted} finns inte.") from exc


def sync_roles() -> dict[str, Group]:
    """Create or update the role groups so that each has exactly its permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app in _APPS:  # permissions are normally created after migrate; make sure
        create_permissions(apps.get_app_config(app), verbosity=0)
    groups = {}
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if perms == "__all__":
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set([_permission(p) for p in perms])
        groups[role] = group
    return groups
