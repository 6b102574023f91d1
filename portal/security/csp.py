"""The Content Security Policy: one strict policy everywhere, a looser ``style-src`` in the
admin, and the endpoint browsers send violation reports to.

The policy itself is ``CONTENT_SECURITY_POLICY`` (django-csp 4). Django's admin templates
write a few inline ``<style>`` elements and ``style`` attributes, so responses under
``ADMIN_URL`` get ``'unsafe-inline'`` added to ``style-src`` (``ADMIN_CSP_UPDATE``); their
``script-src`` stays ``'self'``. Views can still add to the policy with django-csp's
decorators (the purchase pages add the payment provider to ``form-action``): both
additions are merged.

Browsers report violations either as ``application/csp-report`` (the ``report-uri``
directive, one report per request) or as ``application/reports+json`` (the Reporting API,
``report-to`` and the ``Reporting-Endpoints`` header, a batch per request). Each violation
is logged at WARNING on the ``portal.csp`` logger with its fields under the ``csp`` key of
the record, so a JSON log formatter emits them as structured data.
"""

import json
import logging
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.ratelimit import client_ip, over_limit

logger = logging.getLogger("portal.csp")

CSP_REPORT_TYPES = {"application/csp-report", "application/json"}
REPORTING_API_TYPE = "application/reports+json"
MAX_REPORTS_PER_REQUEST = 20
MAX_FIELD_LENGTH = 500

# Report field names: the ``report-uri`` format (kebab-case) and the Reporting API's
# ``csp-violation`` body (camelCase), both mapped to one set of log fields.
_CSP_REPORT_FIELDS = {
    "document-uri": "document_uri",
    "referrer": "referrer",
    "blocked-uri": "blocked_uri",
    "violated-directive": "violated_directive",
    "effective-directive": "effective_directive",
    "disposition": "disposition",
    "source-file": "source_file",
    "line-number": "line_number",
    "column-number": "column_number",
    "status-code": "status_code",
    "script-sample": "sample",
}
_REPORTING_API_FIELDS = {
    "documentURL": "document_uri",
    "referrer": "referrer",
    "blockedURL": "blocked_uri",
    "effectiveDirective": "effective_directive",
    "disposition": "disposition",
    "sourceFile": "source_file",
    "lineNumber": "line_number",
    "columnNumber": "column_number",
    "statusCode": "status_code",
    "sample": "sample",
}


class BadReport(ValueError):
    """The request body is not a CSP violation report."""


def _is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith("/" + settings.ADMIN_URL)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's additions and the ``Reporting-Endpoints``
    header that names the ``report-to`` group."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_admin(request):
            update: dict[str, Any] = {
                key: [value] if isinstance(value, str) else list(value or [])
                for key, value in (parts.update or {}).items()
            }
            for directive, sources in settings.ADMIN_CSP_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if settings.CSP_REPORTING_ENDPOINT and "Content-Security-Policy" in response:
            name, url = settings.CSP_REPORTING_ENDPOINT
            response.headers.setdefault("Reporting-Endpoints", f'{name}="{url}"')
        return response


def _clean(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    return str(value)[:MAX_FIELD_LENGTH]


def _violation(fields: Any, names: dict[str, str]) -> dict[str, Any]:
    if not isinstance(fields, dict):
        raise BadReport("a report must be a JSON object")
    violation = {ours: _clean(fields[theirs]) for theirs, ours in names.items() if theirs in fields}
    if not (violation.get("effective_directive") or violation.get("violated_directive")):
        raise BadReport("a report must name the directive it violated")
    violation.setdefault("effective_directive", violation.get("violated_directive"))
    return violation


def parse_reports(content_type: str, body: bytes) -> list[dict[str, Any]]:
    """The violations in a report body, as log fields; ``BadReport`` for anything else.

    Reporting API batches may hold other report types (deprecations, interventions):
    those are skipped, not refused.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise BadReport("the body is not JSON") from error
    if content_type == REPORTING_API_TYPE:
        if not isinstance(data, list) or not data:
            raise BadReport("a Reporting API body must be a non-empty JSON array")
        violations = []
        for report in data[:MAX_REPORTS_PER_REQUEST]:
            if not isinstance(report, dict):
                raise BadReport("each report must be a JSON object")
            if report.get("type") != "csp-violation":
                continue
            violation = _violation(report.get("body"), _REPORTING_API_FIELDS)
            if report.get("url") and "document_uri" not in violation:
                violation["document_uri"] = _clean(report["url"])
            violations.append(violation)
        return violations
    if not isinstance(data, dict):
        raise BadReport("a CSP report must be a JSON object")
    return [_violation(data.get("csp-report"), _CSP_REPORT_FIELDS)]


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log the violations a browser reports: 204, or 400/413/415/429 for what is not a
    report, too large, of another type or too frequent from one client."""
    content_type = request.content_type.lower()
    if content_type not in CSP_REPORT_TYPES | {REPORTING_API_TYPE}:
        return HttpResponse(
            "Expected a CSP violation report.", status=415, content_type="text/plain"
        )
    limit = settings.CSP_REPORT_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return HttpResponse("Report too large.", status=413, content_type="text/plain")
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse("Report too large.", status=413, content_type="text/plain")
    ip = client_ip(request)
    if over_limit(scope="csp-report", key=ip, limit=settings.CSP_REPORT_RATE_LIMIT, window=60):
        return HttpResponse("Too many reports.", status=429, content_type="text/plain")
    try:
        violations = parse_reports(content_type, body)
    except BadReport as error:
        return HttpResponse(
            f"Not a CSP violation report: {error}.", status=400, content_type="text/plain"
        )
    user_agent = _clean(request.headers.get("User-Agent", ""))
    for violation in violations:
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            violation.get("effective_directive"),
            violation.get("blocked_uri", ""),
            violation.get("document_uri", ""),
            extra={"csp": {**violation, "user_agent": user_agent}},
        )
    return HttpResponse(status=204)
