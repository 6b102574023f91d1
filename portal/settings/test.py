"""Settings for the test suite: the database comes from ``DATABASE_URL`` like everywhere."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Ordinary tests run tasks eagerly, whatever broker the environment exports (CI may set
# REDIS_URL). Tests that start a real worker switch the Celery app to this broker themselves
# (tests/enquiries/conftest.py); its own Redis database keeps them apart from other stacks.
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")
CELERY_TASK_ALWAYS_EAGER = True

# PDF and e-mail counters in process memory unless a test points them at its own Redis.
METRICS_REDIS_URL = ""
