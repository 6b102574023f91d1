"""Requests no view could handle: refused with 400 before URL resolution, views or queries.

A NUL character (``%00`` in an address or a form, ``\\u0000`` in JSON) is valid in a Python
string and in SQLite, but PostgreSQL refuses it in a string literal with an error, not an
empty result, so any path segment, parameter, header, cookie or field that reaches a query
would be a 500. None of our addresses, parameters or fields has a use for one, so
``BadInputMiddleware`` refuses the request where it comes in, whatever the view:

- the decoded path, every query parameter name and value, every ``HTTP_*`` header and every
  cookie (the session cookie is a query key);
- the fields of a form-encoded or multipart POST (names and values; of uploaded files,
  the field names, never the contents);
- under ``/api/``, every key and string of a JSON body. The API's fields already refuse NUL
  one by one (DRF's and Django's ``CharField``), but not every lookup does (a slug related
  field queries with what it is given); here no field can forget. A JSON body nested too
  deeply for Python's parser (``RecursionError`` in DRF's parser, a 500) is refused too.

Bodies are read here only while Django itself would hold them in memory (at most
``DATA_UPLOAD_MAX_MEMORY_SIZE``), and then through ``request.body``, which Django keeps:
views that read the raw body afterwards (the payment webhooks) still get it, and larger
bodies (file uploads, large staff documents) are left to the forms and serializers, so
this middleware sets no new size limit. JSON outside ``/api/`` is not looked at: the
payment providers' webhooks are JSON signed by the provider, and refusing one would make
the provider retry an event we can never accept.

The answer is a short plain-text page, or for ``/api/`` the API's JSON error shapes
(``reports.api.errors``): ``{"errors": {field: [message]}}`` for parameters and fields,
``{"detail": message}`` for the rest of the request.
"""

import json
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
API_PREFIX = "/api/"
NUL_MESSAGE = "Null characters are not allowed."
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        """The 400 for ``request``, or None when it may go on."""
        api = request.path_info.startswith(API_PREFIX)
        if NUL in request.path:
            return _refuse(api, _nul_message("the address"))
        fields = _nul_fields(request.GET)
        if fields:
            return _refuse(api, _nul_message("a query parameter"), fields)
        if any(
            NUL in value
            for key, value in request.META.items()
            if key.startswith("HTTP_") and isinstance(value, str)
        ):
            return _refuse(api, _nul_message("a header"))
        if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
            return _refuse(api, _nul_message("a cookie"))
        if not _body_readable(request):
            return None
        content_type = (request.content_type or "").lower()
        if request.method == "POST" and content_type in FORM_TYPES:
            fields = _nul_form_fields(request)
            if fields:
                return _refuse(api, _nul_message("a form field"), fields)
        elif api and (content_type == "application/json" or content_type.endswith("+json")):
            return _json_refusal(request)
        return None


def _body_readable(request: HttpRequest) -> bool:
    """Whether the body is one Django would read into memory (``request.body``) anyway."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return 0 < length and (limit is None or length <= limit)


def _nul_form_fields(request: HttpRequest) -> list[str]:
    """The form fields with NUL in their name or value, and the file fields with NUL in
    their name (Django strips control characters from uploaded files' names itself).

    The body is read through ``request.body`` first, which Django keeps: parsing a multipart
    body straight from the stream would leave nothing for a view that reads the raw body.
    """
    if not request.body:
        return []
    return _nul_fields(request.POST) + [name for name in request.FILES if NUL in name]


def _nul_fields(data) -> list[str]:
    return [name for name, values in data.lists() if NUL in name or any(NUL in v for v in values)]


def _json_refusal(request: HttpRequest) -> HttpResponse | None:
    try:
        text = request.body.decode(request.encoding or settings.DEFAULT_CHARSET)
        document = json.loads(text)
    except RecursionError:
        return _refuse(True, "Bad request: the JSON body is nested too deeply.")
    except (UnicodeDecodeError, LookupError, ValueError):
        return None
    fields = sorted(_nul_paths(document))
    if fields:
        return _refuse(True, _nul_message("the JSON body"), fields)
    return None


def _nul_paths(document) -> Iterator[str]:
    """The dotted paths (``"sections.2.heading"``, as ``reports.api.errors`` writes them)
    of the keys and strings in ``document`` that contain NUL. Iterative: the document may
    be as deep as the parser allowed."""
    stack = [("", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                yield path or "non_field_errors"
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if NUL in key:
                    yield child
                else:
                    stack.append((child, item))
        elif isinstance(value, list):
            stack.extend(
                (f"{path}.{index}" if path else str(index), item)
                for index, item in enumerate(value)
            )


def _nul_message(where: str) -> str:
    return f"Bad request: {where} contains a NUL character, which is never valid here."


def _refuse(api: bool, message: str, fields: list[str] | None = None) -> HttpResponse:
    if api:
        body = {"errors": {field: [NUL_MESSAGE] for field in fields}} if fields else {}
        return JsonResponse(body or {"detail": message}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
