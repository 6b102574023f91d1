# The production image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk \
        curl gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 portal

WORKDIR /app
# The locked versions first (a layer rebuilt only when the lock changes), then the project
# itself without resolving anything again.
COPY requirements/production.txt ./requirements/
RUN pip install -r requirements/production.txt
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY reports ./reports
COPY segments ./segments
COPY enquiries ./enquiries
COPY orders ./orders
COPY accounts ./accounts
RUN pip install --no-deps . && rm -rf build *.egg-info
COPY . .
# Static files are collected here and again when web starts (docker-compose.yml), so the
# non-root user owns the folders it writes: media, private files, static files. The
# interface's translations (locale/) are compiled here.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && SECRET_KEY=compilemessages-only python manage.py compilemessages --verbosity 0 \
    && mkdir -p /app/var/media /app/var/private \
    && chown -R portal:portal /app/var /app/staticfiles

USER portal
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
    CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["sh", "-c", "exec gunicorn portal.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3}"]
