"""What a user may do: the one place where roles become yes or no.

Roles are Django groups (see README): Administratör, Trygghetssamordnare,
Rapportör and Läsare. Views, admin, commands and tests ask these functions,
never the groups directly, so a rule changes in one place.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

ROLE_ADMIN = "Administratör"
ROLE_COORDINATOR = "Trygghetssamordnare"
ROLE_REPORTER = "Rapportör"
ROLE_READER = "Läsare"
ROLES = [ROLE_ADMIN, ROLE_COORDINATOR, ROLE_REPORTER, ROLE_READER]

User = AbstractBaseUser | AnonymousUser


def can_view_plans(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("plans.view_plan")


def can_view_followup(user: User) -> bool:
    """Uppföljning (the board) and its entries: every role that reads plans."""
    return can_view_plans(user) and user.has_perm("followup.view_followup")


def can_use_admin(user: User) -> bool:
    """Django admin: for the roles that maintain plans, actors and users."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_edit_plans(user: User) -> bool:
    return user.is_authenticated and user.has_perm("plans.change_activity")


def can_import_plans(user: User) -> bool:
    """Import and export need their own permission, not merely the right to edit in admin."""
    return user.is_authenticated and user.has_perm("plans.import_plan")


def can_report_all(user: User) -> bool:
    return user.is_authenticated and user.has_perm("followup.report_all")


def user_actor_ids(user: User) -> frozenset[int]:
    """The actors a user works for (one query, cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_actor_ids_cache", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("actor_id", flat=True))
        user._actor_ids_cache = cached
    return cached


def can_report_on(user: User, activity, responsible_ids: set[int] | None = None) -> bool:
    """May this user record follow-up for this activity?

    A Rapportör only for activities where one of their actors is responsible.
    Pass ``responsible_ids`` when the caller already has them, to save a query.
    """
    if can_report_all(user):
        return True
    if not (user.is_authenticated and user.has_perm("followup.report_own")):
        return False
    if responsible_ids is None:
        responsible_ids = {a.pk for a in activity.responsible.all()}
    return bool(user_actor_ids(user) & set(responsible_ids))


def can_close_tertial(user: User) -> bool:
    return user.is_authenticated and user.has_perm("followup.close_tertial")


def can_view_changelog(user: User) -> bool:
    """The Ändringslogg is for those who maintain the plans (Trygghetssamordnare, Administratör)."""
    return can_edit_plans(user)


#: Permissions that change data without being Django's add/change/delete ones.
_WRITE_PERMISSIONS = frozenset(
    {"plans.import_plan", "followup.report_all", "followup.report_own", "followup.close_tertial"}
)


def can_change_data(user: User) -> bool:
    """Does any of the user's rights let them change something (in the app or in admin)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.is_staff:
        return True
    for perm in user.get_all_permissions():
        codename = perm.split(".", 1)[1]
        if perm in _WRITE_PERMISSIONS or codename.startswith(("add_", "change_", "delete_")):
            return True
    return False


def requires_two_factor(user: User) -> bool:
    """Two-factor authentication is required for every role that can change data.

    ``settings.TWO_FACTOR_REQUIRED`` turns the requirement off for the local demo.
    """
    from django.conf import settings

    return bool(getattr(settings, "TWO_FACTOR_REQUIRED", False)) and can_change_data(user)
