"""The Celery application: tasks are found in each app's tasks.py, settings read from
Django's (the CELERY_* names in vallentuna/settings.py).

Worker and beat beside gunicorn (README, Drift):
    celery -A vallentuna worker --loglevel=INFO
    celery -A vallentuna beat --loglevel=INFO
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vallentuna.settings")

app = Celery("vallentuna")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
