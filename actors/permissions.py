"""What a user may do: the one place where roles become yes or no.

Roles are Django groups (see README): Administratör, Trygghetssamordnare,
Rapportör and Läsare. Views, admin, commands and tests ask these functions,
never the groups directly, so a rule changes in one place.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

ROLE_ADMIN = "Administratör"
ROLE_COORDINATOR = "Trygghetssamordnare"
ROLE_REPORTER = "Rapportör"
ROLE_READER = "Läsare"
ROLES = [ROLE_ADMIN, ROLE_COORDINATOR, ROLE_REPORTER, ROLE_READER]

# The roles are Django groups named in Swedish; pages and admin show them in the user's
# language.
_ROLE_LABELS = {
    ROLE_ADMIN: _("Administratör"),
    ROLE_COORDINATOR: _("Trygghetssamordnare"),
    ROLE_REPORTER: _("Rapportör"),
    ROLE_READER: _("Läsare"),
}


def role_label(name: str) -> str:
    """A role's group name in the active language ("Läsare" → "Reader"); any other
    group by its name."""
    return str(_ROLE_LABELS.get(name, name))


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


def can_view_draft_plans(user: User) -> bool:
    """Plans with status Utkast: only those who write plans (Trygghetssamordnare, Administratör)."""
    return can_view_plans(user) and user.has_perm("plans.change_plan")


def can_see_plan(user: User, plan) -> bool:
    """May this user see this plan (its page, board, reports, exports)? A draft only the writers."""
    return can_view_plans(user) and (not plan.is_draft or can_view_draft_plans(user))


def can_write_plans(user: User) -> bool:
    """Create plans and change their texts, focus areas and activities in the app."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("plans.add_plan")
        and user.has_perm("plans.change_plan")
    )


def can_edit_plan(user: User, plan) -> bool:
    """Change this plan (texts, structure, status): a writer, and the plan is not archived."""
    return can_write_plans(user) and not plan.is_archived


def can_delete_from_plan(user: User, plan) -> bool:
    """Delete focus areas and activities (those without follow-up) of this plan."""
    return (
        can_edit_plan(user, plan)
        and user.has_perm("plans.delete_focusarea")
        and user.has_perm("plans.delete_activity")
    )


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
    """May this user write the activity's follow-up (the status and comment the report shows)?

    Only those who report for all activities (the Trygghetssamordnare): a responsible
    actor gives its own *contribution* instead (``can_contribute_for``), so that no
    actor's text replaces the coordinator's or another actor's. ``activity`` and
    ``responsible_ids`` are kept for callers that check per object.
    """
    return can_report_all(user)


def can_contribute_for(user: User, actor_id: int) -> bool:
    """May this user give the contribution of this actor (a Rapportör for their own actors)?

    Members of the actor who may report (Rapportör, or Trygghetssamordnare for the actors
    they work for). Contacts without an account contribute through a report link instead.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if not (user.has_perm("followup.report_own") or can_report_all(user)):
        return False
    return actor_id in user_actor_ids(user)


def contribution_actor_ids(user: User, responsible_ids: set[int]) -> set[int]:
    """The responsible actors of an activity this user may contribute for."""
    return {pk for pk in responsible_ids if can_contribute_for(user, pk)}


def can_manage_reporting(user: User) -> bool:
    """Deadlines, report links (send, revoke) and the record of e-mails sent: the coordinator."""
    return user.is_authenticated and user.has_perm("followup.manage_reporting")


#: The roles a Trygghetssamordnare may give and take (adding a reporter from the police is
#: a daily task); the others only an Administratör.
ROLES_A_COORDINATOR_MANAGES = frozenset({ROLE_REPORTER, ROLE_READER})


def can_manage_users(user: User) -> bool:
    """Admin's Användare: Administratör (everyone), Trygghetssamordnare (Rapportör, Läsare)."""
    return user.is_authenticated and user.is_active and user.has_perm("auth.change_user")


def manageable_roles(user: User) -> frozenset[str]:
    """The roles this user may give to, and take from, others."""
    if not can_manage_users(user):
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    return ROLES_A_COORDINATOR_MANAGES


#: Who can give a user more access (``who_grants_access``).
GRANTED_BY_SELF, GRANTED_BY_ADMIN, GRANTED_BY_COORDINATOR = "self", "admin", "coordinator"


def who_grants_access(user: User) -> str:
    """Whom a refused user should ask for access: the one whose ``manageable_roles`` hold
    theirs. An Administratör manages roles themself; a Trygghetssamordnare's role only an
    Administratör gives; Rapportör, Läsare and users without a role the coordinator (or an
    Administratör)."""
    if not user.is_authenticated:
        return GRANTED_BY_COORDINATOR
    roles = {g.name for g in user.groups.all()}
    if user.is_superuser or ROLE_ADMIN in roles:
        return GRANTED_BY_SELF
    if ROLE_COORDINATOR in roles:
        return GRANTED_BY_ADMIN
    return GRANTED_BY_COORDINATOR


def can_manage_user(user: User, other) -> bool:
    """May ``user`` change ``other`` (details, role, active, actors)? An Administratör anyone;
    a Trygghetssamordnare only users whose every role is one they manage, who are neither
    staff nor superusers. ``other`` None: a new user."""
    if not can_manage_users(user):
        return False
    if user.is_superuser or other is None:
        return True
    if other.is_superuser or other.is_staff:
        return False
    roles = {g.name for g in other.groups.all()}
    return roles <= manageable_roles(user)


def can_restore_deleted(user: User, model) -> bool:
    """Find and restore deleted plans, focus areas and activities: whoever may both add and
    delete them (Administratör, Trygghetssamordnare)."""
    opts = model._meta
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
        and user.has_perm(f"{opts.app_label}.delete_{opts.model_name}")
    )


def can_close_tertial(user: User) -> bool:
    return user.is_authenticated and user.has_perm("followup.close_tertial")


def can_write_assessment(user: User) -> bool:
    """The samlad bedömning of a plan's tertial: whoever closes tertials (the coordinator)."""
    return can_close_tertial(user)


def can_view_changelog(user: User) -> bool:
    """The Ändringslogg is for those who maintain the plans (Trygghetssamordnare, Administratör)."""
    return can_edit_plans(user)


#: Permissions that change data without being Django's add/change/delete ones.
_WRITE_PERMISSIONS = frozenset(
    {
        "plans.import_plan",
        "followup.report_all",
        "followup.report_own",
        "followup.close_tertial",
        "followup.manage_reporting",
    }
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
