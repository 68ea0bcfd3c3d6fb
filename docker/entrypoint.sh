#!/bin/sh
# Container entry point: bring the database schema up to date, then run the command
# (gunicorn by default). Set SKIP_MIGRATE=1 to skip the migration step, e.g. when
# several app containers share one database and migrations run elsewhere.
set -eu

if [ "${SKIP_MIGRATE:-0}" != "1" ]; then
    echo "entrypoint: applying database migrations"
    python manage.py migrate --no-input
fi

exec "$@"
