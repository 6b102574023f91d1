"""The report list's bulk actions beyond publishing: export to CSV, and moving reports to
another category with the public pages following."""

import csv
import io

import pytest

from reports.models import Report
from tests.factories import CategoryFactory, ReportFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/reports/report/"


def test_the_selected_reports_export_to_csv_with_formulas_neutralised(staff_client):
    first = ReportFactory(code=1000101, title="=HYPERLINK(1) Market")
    second = ReportFactory(code=1000102, title="Heat Pump Market")
    ReportFactory(code=1000103, title="Not Selected Market")

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [second.pk, first.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:3] == ["code", "title", "category"]
    assert [row[:2] for row in rows[1:]] == [
        ["1000101", "'=HYPERLINK(1) Market"],
        ["1000102", "Heat Pump Market"],
    ]


def test_reports_move_to_another_category_after_a_confirmation_page(client, staff_client):
    energy = CategoryFactory(name="Energy", slug="energy")
    storage = CategoryFactory(name="Energy Storage", slug="energy-storage")
    moving = [ReportFactory(category=energy, title=f"Battery {n} Market") for n in range(2)]
    staying = ReportFactory(category=energy, title="Wind Turbine Market")
    selected = {"action": "change_category", "_selected_action": [r.pk for r in moving]}

    asked = staff_client.post(CHANGELIST, selected)
    moved = staff_client.post(CHANGELIST, {**selected, "apply": "1", "category": storage.pk})
    page = client.get("/categories/energy-storage/").content.decode()
    searched = client.get("/reports/", {"q": "battery", "category": "energy"}).content.decode()

    assert asked.status_code == 200 and "Move them" in asked.content.decode()
    assert moved.status_code == 302
    assert set(Report.objects.filter(category=storage).values_list("pk", flat=True)) == {
        r.pk for r in moving
    }
    assert Report.objects.get(pk=staying.pk).category == energy
    assert all(r.title in page for r in moving) and staying.title not in page
    assert "Battery 0 Market" not in searched


def test_moving_needs_a_category(staff_client):
    report = ReportFactory()

    response = staff_client.post(
        CHANGELIST,
        {"action": "change_category", "_selected_action": [report.pk], "apply": "1"},
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
