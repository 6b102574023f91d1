"""What keeps a PDF worker small and quick: one font configuration per thread, and no
matplotlib in a process that finds the charts in the cache."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from enquiries.documents import render_sample_pdf
from portal.pdf import font_configuration

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_importing_the_tasks_and_renderer_does_not_load_matplotlib():
    code = (
        "import sys, django; django.setup(); "
        "import enquiries.tasks, enquiries.documents, orders.documents, reports.charts.svg; "
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_consecutive_samples_share_one_font_configuration_and_read_the_same(sample_report):
    first = render_sample_pdf(report_id=sample_report.pk)
    config = font_configuration()
    second = render_sample_pdf(report_id=sample_report.pk)

    assert font_configuration() is config
    texts = [
        [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        for pdf in (first, second)
    ]
    assert texts[0] == texts[1]
    assert "Medical Second Opinion Market" in texts[1][0]
