"""Production hardening on top of the base settings; every value can still be set by environment."""

from .base import *  # noqa: F403
from .base import env

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# === Security: deploy check (manage.py check --deploy --fail-level WARNING, run by CI) ====
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto. The site's own https origin
# is trusted for CSRF unless CSRF_TRUSTED_ORIGINS lists others; health probes from inside
# the stack answer over plain HTTP instead of being redirected to https.
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS",
    default=[SITE_URL] if SITE_URL.startswith("https://") else [],  # noqa: F405
)
SECURE_REDIRECT_EXEMPT = env.list("SECURE_REDIRECT_EXEMPT", default=[r"^healthz/?$", r"^readyz/?$"])
SESSION_COOKIE_HTTPONLY = True
# === end of security ======================================================================
# === Health and metrics: Prometheus scrapes /metrics over plain HTTP inside the stack =====
SECURE_REDIRECT_EXEMPT += [r"^metrics$"]
# === end of health and metrics ============================================================
# === A shared cache: rate limits and page caches must be the same for every process ======
# Checked when the site starts serving (portal.checks), not here, so build steps run without.
REQUIRE_SHARED_CACHE = True
# === end of shared cache ==================================================================
