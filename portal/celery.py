"""The Celery application. Without a broker configured, tasks run in-process (eager).

Like ``wsgi.py`` and ``asgi.py``, it defaults to the production settings: a worker or beat
started without ``DJANGO_SETTINGS_MODULE`` runs as the web processes it serves do.

Workers and beat log through Django's ``LOGGING`` (JSON lines with request ids, see
``portal.observability``) instead of Celery's own format; ``--loglevel`` still sets the
level of Celery's loggers. Each worker writes the heartbeat ``/readyz`` looks for
(``portal.health.WorkerHeartbeat``). Each pool process is readied for long runs of PDF
renders before its first task (``prepare_worker_process``).
"""

import gc
import logging
import logging.config
import os

from celery import Celery
from celery.signals import setup_logging, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

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


def prepare_worker_process() -> None:
    """Ready a worker's pool process for its tasks: load what every PDF task needs (the URL
    configuration its links are reversed through, WeasyPrint and this process's font
    configuration), then freeze everything loaded so far out of the garbage collector's way.

    Why: a WeasyPrint render allocates hundreds of thousands of short-lived objects, so the
    collector runs hundreds of times a render, and each of its full passes would walk every
    module, model and template loaded since start-up. ``gc.freeze()`` moves the objects that
    live as long as the process to a generation the collector never scans (about a sixth of
    a sample's render time, measured by bench/sample_pdf.py); cycles made later are still
    collected (``portal.pdf.html_to_pdf`` collects after every render). Loading the URL
    configuration and WeasyPrint here also keeps their cost out of the first visitor's render.
    """
    from django.urls import get_resolver

    from portal.pdf import font_configuration

    get_resolver().url_patterns  # noqa: B018 (imports every view module once)
    font_configuration()
    gc.collect()
    gc.freeze()


@worker_process_init.connect
def _prepare_pool_process(**kwargs) -> None:
    prepare_worker_process()
