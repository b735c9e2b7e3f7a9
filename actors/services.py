"""Writes about actors that admin, commands and signals share."""

from __future__ import annotations

from django.conf import settings
from django.db.models import ProtectedError, QuerySet
from django.utils.translation import gettext as _

from actors.models import Actor, UserPreference
from actors.selectors import language_of


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


def remember_language(user, language: str) -> UserPreference | None:
    """Store the language a logged-in user chose, so that it follows them to any browser
    and their e-mail is written in it. A history row only when it changes."""
    if language not in dict(settings.LANGUAGES) or not getattr(user, "pk", None):
        return None
    preference = UserPreference.objects.filter(user=user).first() or UserPreference(user=user)
    if preference.pk and preference.language == language:
        return preference
    preference.language = language
    preference._history_user = user
    preference.save()
    return preference


#: Session key: the language in the session was chosen by a visitor not logged in.
CHOSEN_BEFORE_LOGIN = "_language_chosen_before_login"


def language_at_login(sender, request, user, **kwargs) -> None:
    """At login the session gets the user's language (the middleware then sets the cookie).

    A choice made with the switch before logging in, while not logged in (on the login
    page), is the newest choice: it is stored instead. A language left in the session by
    an earlier login (logging in again in a browser still logged in) is not a choice: the
    stored one, perhaps changed since in another browser, wins.
    """
    from vallentuna.middleware import LANGUAGE_SESSION_KEY

    session = getattr(request, "session", None)
    if session is None:
        return
    chosen = session.get(LANGUAGE_SESSION_KEY)
    if session.pop(CHOSEN_BEFORE_LOGIN, False) and chosen in dict(settings.LANGUAGES):
        remember_language(user, chosen)
        return
    stored = language_of(user)
    if stored:
        session[LANGUAGE_SESSION_KEY] = stored


def connect() -> None:
    """Every delete of an actor (admin, shell, a cascade) goes through the refusal; every
    login brings the user's language."""
    from django.contrib.auth.signals import user_logged_in
    from django.db.models.signals import pre_delete

    pre_delete.connect(_refuse_on_delete, sender=Actor, dispatch_uid="actors.refuse_delete")
    user_logged_in.connect(language_at_login, dispatch_uid="actors.language_at_login")
