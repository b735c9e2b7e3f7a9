"""The Celery application: background work (e-mail, reminders, report PDFs) off the request path.

Configured from Django's settings (``CELERY_*``). Without ``CELERY_BROKER_URL`` every task runs
eagerly in the calling process, so the zero-setup start needs no broker. Run a worker and the
beat scheduler beside gunicorn in production (README, Drift).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vallentuna.settings")

app = Celery("vallentuna")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
