"""JSON errors with one entry per field.

Every error body is an object: ``{"detail": "..."}`` for errors about the request as a whole
(404, 403, 429 …) and ``{"errors": {"field.path": ["message", …]}}`` for invalid input, the
path joining nested keys and list indexes with dots (``"sections.2.heading"``).
"""

from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"a.0.b": ["message"]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, path))
    elif isinstance(detail, list) and detail and all(isinstance(v, str) for v in detail):
        flat[prefix or "non_field_errors"] = [str(v) for v in detail]
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if value:
                flat.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def validation_error_response(errors: dict[str, list[str]], **extra) -> Response:
    return Response({"errors": errors, **extra}, status=status.HTTP_400_BAD_REQUEST)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"errors": flatten_errors(exc.detail)}
    return response
