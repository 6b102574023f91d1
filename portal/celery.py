"""The Celery application. Without a broker configured, tasks run in-process (eager).

Workers and beat log through Django's ``LOGGING`` (JSON lines with request ids, see
``portal.observability``) instead of Celery's own format; ``--loglevel`` still sets the
level of Celery's loggers. Each worker writes the heartbeat ``/readyz`` looks for
(``portal.health.WorkerHeartbeat``).
"""

import logging
import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _use_django_logging(loglevel=None, **kwargs) -> None:
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger("celery").setLevel(loglevel)


def _add_worker_steps() -> None:
    from portal.health import WorkerHeartbeat

    app.steps["worker"].add(WorkerHeartbeat)


_add_worker_steps()
