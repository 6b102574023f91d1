"""A worker's pool processes are readied for PDF renders, and a render's garbage goes with it
(``portal.celery.prepare_worker_process``, ``portal.pdf.html_to_pdf``)."""

import gc
import sys

import pytest
from celery.signals import worker_process_init
from django.urls import clear_url_caches, get_resolver
from weasyprint.formatting_structure.boxes import Box

from portal.celery import _prepare_pool_process, prepare_worker_process
from portal.pdf import html_to_pdf


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_every_pool_process_is_prepared_when_it_starts():
    receivers = [receiver() for _, receiver in worker_process_init.receivers]
    assert _prepare_pool_process in receivers


def test_a_prepared_process_has_its_urls_loaded_and_start_up_objects_frozen(unfrozen):
    clear_url_caches()

    prepare_worker_process()

    assert "url_patterns" in vars(get_resolver())
    assert "weasyprint" in sys.modules
    assert gc.get_freeze_count() > 10_000


def test_a_render_leaves_none_of_its_layout_for_the_collector_to_find_later():
    gc.collect()
    html_to_pdf("<h1>Medical Second Opinion Market</h1>" + "<p>Sample text.</p>" * 200)

    assert not [obj for obj in gc.get_objects() if issubclass(type(obj), Box)]
