"""Reads about users and actors that admin and views share."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from actors.permissions import ROLES, User, manageable_roles


def manageable_users(user: User, queryset: QuerySet | None = None) -> QuerySet:
    """The users ``user`` may change (see ``permissions.can_manage_user``), as a queryset."""
    qs = queryset if queryset is not None else get_user_model().objects.all()
    roles = manageable_roles(user)
    if not roles:
        return qs.none()
    if user.is_superuser:
        return qs
    others = set(ROLES) - roles
    return qs.filter(is_superuser=False, is_staff=False).exclude(groups__name__in=others)
