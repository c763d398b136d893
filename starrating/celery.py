import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "starrating.settings")

app = Celery("starrating")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
