import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
application = get_asgi_application()

from portal.checks import require_shared_cache  # noqa: E402

require_shared_cache()
