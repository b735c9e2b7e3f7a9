"""Reads about users and actors that admin and views share."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from actors.models import UserPreference
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


def language_of(user: User) -> str | None:
    """The language the user chose with the header's switch, or None if never."""
    if user is None or not user.pk:
        return None
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return language if language in dict(settings.LANGUAGES) else None


def email_language(recipient: User | str) -> str:
    """The language an e-mail to ``recipient`` (a user, or an e-mail address) is written in.

    The one rule for every e-mail the app sends (reminders, report links, the coordinator's
    digest, password reset); subject, plain text, HTML and dates are all built inside
    ``translation.override(email_language(...))``:

    - to someone with an account — a ``User``, or an address that is an active user's
      e-mail (a coordinator's digest, a Rapportör who is also an actor's contact person) —
      in the language the user chose in the app's header (``UserPreference``); Swedish if
      they never chose;
    - to anyone else — a contact person without an account, such as the police or a
      federation that reports through a report link — in Swedish, the municipality's
      language (``LANGUAGE_CODE``): we don't know what they read, and the e-mail speaks
      for the municipality;
    - an address shared by several active users who chose differently: Swedish.
    """
    if isinstance(recipient, str):
        rows = (
            get_user_model()
            .objects.filter(is_active=True, email__iexact=recipient.strip())
            .exclude(email="")
            .values_list("preference__language", flat=True)
        )
        languages = {language or settings.LANGUAGE_CODE for language in rows}
        language = languages.pop() if len(languages) == 1 else None
    else:
        language = language_of(recipient)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
