# The Celery app is loaded with Django, so that @shared_task uses it (see vallentuna/celery.py).
from vallentuna.celery import app as celery_app

__all__ = ["celery_app"]
