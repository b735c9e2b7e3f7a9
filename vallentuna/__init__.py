"""The project package: settings, URLs, base layout. Loads the Celery app with Django."""

from vallentuna.celery import app as celery_app

__all__ = ("celery_app",)
