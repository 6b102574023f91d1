"""The admin's catalogue upload: a JSON Lines or CSV file, or one press release (HTML,
Markdown or text, read as ``manage.py import_press_release`` reads it, into a draft), a
preview of what would change (a dry run of the same importer as ``manage.py
import_catalogue``), then the import."""

import secrets
from collections.abc import Iterable
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from reports.models import Report

from .importer import catalogue_import, records_from_jsonl
from .press_release_parse import parse_press_release
from .tabular import records_from_csv

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
RELEASE_ENDINGS = (".html", ".htm", ".md", ".markdown", ".txt")
RELEASE_CATEGORY = {"slug": "uncategorised", "name": "Uncategorised"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Catalogue file",
        help_text="JSON Lines (.jsonl, one report per line, as manage.py export_catalogue "
        "writes it), CSV (.csv, one report per row), or one press release (.html, .md or "
        ".txt), which becomes a draft report. At most 50 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".jsonl", ".json", ".ndjson", ".csv", *RELEASE_ENDINGS)):
            raise forms.ValidationError(
                "Upload a .jsonl or a .csv file, or a press release (.html, .md or .txt)."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is over 50 MB: use manage.py import_catalogue.")
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file is not UTF-8 text.") from error
        return {"name": name, "text": text}


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    kind = forms.ChoiceField(
        choices=[("jsonl", "jsonl"), ("csv", "csv"), ("release", "release"), ("md", "md")],
        widget=forms.HiddenInput,
    )


def _upload_dir() -> Path:
    """Uploads wait here between the preview and the import; never served."""
    return Path(settings.CATALOGUE_IMPORT_DIR)


def _records(kind: str, text: str) -> tuple[list | Iterable, list[str]]:
    """The records an upload of ``kind`` holds, and for a press release the notes of what
    its parser corrected or left out (it becomes one draft report)."""
    if kind == "csv":
        return records_from_csv(text), []
    if kind in ("release", "md"):
        parsed = parse_press_release(text, is_markdown=True if kind == "md" else None)
        document = {**parsed.document, "status": "draft"}
        document.setdefault("category", RELEASE_CATEGORY)
        return [(1, document)], parsed.notes
    return records_from_jsonl(text.splitlines()), []


def _kind(name: str) -> str:
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".md", ".markdown")):
        return "md"
    if name.endswith(RELEASE_ENDINGS):
        return "release"
    return "jsonl"


def catalogue_import_view(model_admin, request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST with a file: the preview. POST with a token: the import."""
    if not (
        request.user.has_perm("reports.add_report")
        and request.user.has_perm("reports.change_report")
    ):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Report._meta,
        "title": "Import reports",
        "form": UploadForm(),
    }
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmForm(request.POST)
        path = (
            _upload_dir() / f"{confirm.cleaned_data['token']}.txt"
            if confirm.is_valid() and confirm.cleaned_data["token"].isalnum()
            else None
        )
        if path is None or not path.is_file():
            messages.error(request, "That upload has expired: upload the file again.")
            return HttpResponseRedirect(request.path)
        text = path.read_text(encoding="utf-8")
        path.unlink()
        result = catalogue_import(
            records=_records(confirm.cleaned_data["kind"], text)[0], by=request.user
        )
        messages.success(
            request,
            f"Imported {result.imported} reports ({len(result.created)} new, "
            f"{len(result.updated)} updated); {len(result.problems)} refused.",
        )
        for problem in result.problems[:50]:
            messages.warning(request, str(problem))
        return HttpResponseRedirect(reverse("admin:reports_report_changelist"))
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = _kind(upload["name"].lower())
            records, notes = _records(kind, upload["text"])
            for note in notes:
                messages.info(request, f"Press release: {note}")
            result = catalogue_import(records=records, dry_run=True, by=request.user)
            token = secrets.token_hex(16)
            _upload_dir().mkdir(parents=True, exist_ok=True)
            (_upload_dir() / f"{token}.txt").write_text(upload["text"], encoding="utf-8")
            titles = dict(
                Report.objects.filter(code__in=result.updated).values_list("code", "title")
            )
            context.update(
                {
                    "result": result,
                    "confirm": ConfirmForm(initial={"token": token, "kind": kind}),
                    "rows": [
                        {
                            "code": code,
                            "action": "update" if code in result.updated else "create",
                            "current_title": titles.get(code, ""),
                            "findings": result.findings.get(code, []),
                        }
                        for code in [*result.created, *result.updated]
                    ],
                }
            )
            return TemplateResponse(request, "admin/reports/report/import_preview.html", context)
        return TemplateResponse(request, "admin/reports/report/import.html", context, status=400)
    return TemplateResponse(request, "admin/reports/report/import.html", context)
