"""Security headers, CSP violation reports and the admin's hardening (lockout, two-factor).

Settings live in the ``# === Security ===`` block of ``portal.settings.base``.
"""
