"""The Celery application, configured from Django settings (every CELERY_* setting).

Workers: ``celery -A stepcraft worker``. Embedded mode uses the in-memory broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcraft.settings")

app = Celery("stepcraft")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
