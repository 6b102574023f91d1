import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.models import Report
from tests.factories import ReportFactory


@pytest.mark.django_db
def test_admin_upload_previews_then_imports(staff_client, settings, tmp_path):
    settings.CATALOGUE_IMPORT_DIR = str(tmp_path / "imports")
    ReportFactory(code=801, slug="existing", title="Existing Market")
    document = {
        "code": 801,
        "slug": "existing",
        "title": "Existing Market, Revised",
        "category": "widgets",
        "periods": {
            "historic_start_year": 2019,
            "base_year": 2023,
            "forecast_start_year": 2024,
            "forecast_end_year": 2031,
        },
    }
    lines = [json.dumps(document), json.dumps({**document, "code": 802, "slug": "new"}), "[1"]
    upload = SimpleUploadedFile("catalogue.jsonl", "\n".join(lines).encode())
    page = staff_client.get("/admin/reports/report/")
    assert 'href="/admin/reports/report/import/"' in page.content.decode()

    preview = staff_client.post("/admin/reports/report/import/", {"file": upload})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "1 new report, 1 updated, 1 refused. Nothing has been written yet." in html
    assert "line 3: Not valid JSON" in html
    assert Report.objects.get(code=801).title == "Existing Market"
    assert not Report.objects.filter(code=802).exists()

    token = preview.context["confirm"].initial["token"]
    done = staff_client.post(
        "/admin/reports/report/import/", {"token": token, "kind": "jsonl"}, follow=True
    )
    assert "Imported 2 reports (1 new, 1 updated); 1 refused." in done.content.decode()
    assert Report.objects.get(code=801).title == "Existing Market, Revised"
    assert Report.objects.get(code=802).status == "draft"


@pytest.mark.django_db
def test_admin_upload_rejects_other_files_with_a_field_error(staff_client):
    upload = SimpleUploadedFile("catalogue.pdf", b"%PDF")
    response = staff_client.post("/admin/reports/report/import/", {"file": upload})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()
    assert "Upload a .jsonl or a .csv file, or a press release (.html, .md or .txt)." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_an_author_imports_a_press_release_as_a_draft(client, as_role, settings, tmp_path):
    from pathlib import Path

    settings.CATALOGUE_IMPORT_DIR = str(tmp_path / "imports")
    seed = Path(__file__).parent / "data" / "seed_press_release.txt"
    as_role("Author")
    upload = SimpleUploadedFile("medical-second-opinion.txt", seed.read_bytes())

    preview = client.post("/admin/reports/report/import/", {"file": upload})
    html = preview.content.decode()
    assert "1 new report, 0 updated, 0 refused. Nothing has been written yet." in html
    assert "Press release: &quot;U.K.&quot; → United Kingdom (GB): abbreviation." in html
    assert "the source does not state the base year" in html
    assert not Report.objects.exists()

    token = preview.context["confirm"].initial["token"]
    kind = preview.context["confirm"].initial["kind"]
    done = client.post("/admin/reports/report/import/", {"token": token, "kind": kind}, follow=True)

    assert "Imported 1 reports (1 new, 0 updated); 0 refused." in done.content.decode()
    report = Report.objects.get(code=1541508)
    assert (report.title, report.status, report.category.slug) == (
        "Medical Second Opinion Market",
        "draft",
        "uncategorised",
    )
