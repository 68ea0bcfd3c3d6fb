# Velkomst: Wagtail CMS + newcomer API, served by gunicorn (static files by whitenoise). The same
# image runs the background worker (`manage.py db_worker`) and the website (uvicorn):
# docker-compose.yml gives each its command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.base \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media

WORKDIR /app

# Dependencies first (their own layer, rebuilt only when pyproject.toml changes).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself (no dev extras). Editable, so the code imported is the tree in /app
# and BASE_DIR (locale/, templates) points here.
COPY . .
RUN pip install --no-deps -e .

# gettext catalogs, as `make messages` does: ours, then our translations of Wagtail's.
RUN pybabel compile --domain django --directory locale \
    && pybabel compile --domain "django djangojs" --directory locale/upstream

# Static files for whitenoise. The key is a throwaway that exists only in this step.
RUN SECRET_KEY=collectstatic-only-not-a-secret DEBUG=0 python manage.py collectstatic --no-input \
    && chmod 0755 docker/entrypoint.sh

# Run as an unprivileged user that owns only the media directory.
RUN groupadd --system velkomst \
    && useradd --system --gid velkomst --home-dir /app --no-create-home --shell /usr/sbin/nologin velkomst \
    && mkdir -p "$MEDIA_ROOT" \
    && chown -R velkomst:velkomst "$MEDIA_ROOT"
USER velkomst

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "cms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
