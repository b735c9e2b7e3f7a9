"""Writes about actors that admin, commands and signals share."""

from __future__ import annotations

from django.db.models import ProtectedError, QuerySet
from django.utils.translation import gettext as _

from actors.models import Actor


def activities_of(actor: Actor) -> QuerySet:
    """The activities the actor is responsible for, in plan order (plan and focus area loaded)."""
    return actor.activities.select_related("focus_area__plan").order_by(
        "focus_area__plan__title", "focus_area__order", "order"
    )


def refuse_delete_in_use(actor: Actor) -> None:
    """Raise ``ProtectedError`` if the actor is responsible for any activity.

    Deleting it would silently take it off those activities (the responsible list is a
    many-to-many link) without an activity history row, and the change log would go on
    showing it. Make the actor inactive instead (``Actor.active``).
    """
    activities = list(activities_of(actor)[:1000])
    if activities:
        raise ProtectedError(
            _(
                "%(actor)s är ansvarig för %(n)s aktiviteter och kan inte tas bort. "
                "Gör aktören inaktiv i stället."
            )
            % {"actor": actor.code, "n": len(activities)},
            set(activities),
        )


def _refuse_on_delete(sender, instance: Actor, **kwargs) -> None:
    refuse_delete_in_use(instance)


def connect() -> None:
    """Every delete of an actor (admin, shell, a cascade) goes through the refusal."""
    from django.db.models.signals import pre_delete

    pre_delete.connect(_refuse_on_delete, sender=Actor, dispatch_uid="actors.refuse_delete")
