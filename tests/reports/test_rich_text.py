"""The rich-text editor of sections and FAQ answers (reports.admin.rich_text) under our strict
Content Security Policy."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import FaqFactory, ReportFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_sections_and_answers_get_the_editor_and_its_import_map_runs_under_the_policy(
    staff_client,
):
    report = ReportFactory(draft=True)
    SectionFactory(report=report)
    FaqFactory(report=report)

    page = staff_client.get(
        reverse("admin:reports_report_change", args=[report.pk]), {"text": "all"}
    )

    nonce = re.search(r'<script type="importmap" nonce="([^"]+)">', page.text).group(1)
    policy = page.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert f"'nonce-{nonce}'" in script_src
    assert "'unsafe-inline'" not in script_src
    configs = re.findall(r'data-django-prose-editor-configurable="([^"]+)"', page.text)
    # a section body and an FAQ answer, and each inline's blank row, in seven languages
    assert len(configs) == 4 * 7
    extensions = json.loads(configs[0].replace("&quot;", '"'))["extensions"]
    assert {"Bold", "Italic", "Heading", "BulletList", "OrderedList", "Link", "Table"} <= set(
        extensions
    )
    assert "Image" not in extensions and "Color" not in extensions
    assert extensions["Heading"] == {"levels": [2, 3, 4]}


def test_public_pages_keep_a_policy_without_nonces(client):
    report = ReportFactory()
    policy = client.get(report.get_absolute_url()).headers["Content-Security-Policy"]
    assert "nonce-" not in policy
