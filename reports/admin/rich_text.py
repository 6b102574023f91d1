"""The rich-text editor of the report admin: django-prose-editor (ProseMirror, its built
files shipped in the package and served from our own static files), limited to what the
sanitiser (``reports.html``) keeps of a section or an FAQ answer: headings, lists, links,
tables, bold and italic. ProseMirror parses pasted HTML (Word, Google Docs) into that
schema, so pasted styles, classes and spans never reach the form; the sanitiser still
cleans whatever is posted.

Under our Content Security Policy the editor's import map is an inline script: the admin
page's media carry the request's CSP nonce (``media_with_nonce``) and the admin policy
allows that nonce (``ADMIN_CSP_UPDATE``), nothing else inline."""

from django.forms import Media as DjangoMedia
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset.media import Media

EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "HardBreak": True,
        "History": True,
    }
}


def rich_text_widget() -> AdminProseEditorWidget:
    return AdminProseEditorWidget(config=EDITOR_CONFIG, preset="configurable")


def media_with_nonce(request, media: DjangoMedia) -> Media:
    """``media`` whose tags (the import map among them) carry the request's CSP nonce."""
    return Media(nonce=request.csp_nonce) + media


class RichTextInline:
    """An inline whose ``rich_fields`` (in every language column) get the editor."""

    rich_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if any(
            db_field.name == name or db_field.name.startswith(name + "_")
            for name in self.rich_fields
        ):
            kwargs["widget"] = rich_text_widget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)
