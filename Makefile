# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages migrate demo lint bench clean

# Set up from a fresh clone and serve the Sønderborg demo on the embedded database.
run: install .env migrate demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The test suite (SQLite unless DATABASE_URL names another database).
test: install
	$(VENV)/bin/pytest -q

install: $(VENV)/.installed messages

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Compile the gettext catalogs under locale/ (pure Python: no system gettext needed).
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel compile --domain django --directory locale

# A development .env with a fresh random SECRET_KEY, written once and never committed.
.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "wrote .env (DEBUG=1 and a random SECRET_KEY)"

migrate: install .env
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py seed_demo

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# The benchmark (bench/run.py): the API's throughput on a large municipality's volume.
# - Seeds var/bench.sqlite3 (settings cms.settings.bench; BENCH_DATABASE_URL for another
#   database, never db.sqlite3) with `manage.py seed_volume`: 60 communities and 3,000 pages
#   in da/en/de, published. Seeded once; reused while migrations and the seeder are the same.
# - Counts SQL queries per request in-process, then serves the app with gunicorn on
#   127.0.0.1 and drives every URL with wrk (apt-get installs it when missing, as root):
#   uncached (API_CACHE=0), then cached (when frontend_api.caching exists).
# - Compares, in the same run, with Wagtail's stock pages endpoint (/bench/stock/pages/) and
#   a static JSON body of the same size served by the same server (/bench/static.json).
# - Prints req/s, p50/p99 and queries per request, the goals (our uncached listings >= 3x the
#   stock listing; cached >= 0.5x static) with PASS/FAIL, and writes var/bench-results.json.
# Knobs: BENCH_SECONDS=10 (per URL and phase, split over BENCH_ROUNDS=2 interleaved passes)
#        BENCH_THREADS=2 BENCH_CONNECTIONS=16 BENCH_WORKERS=2 BENCH_WORKER_CLASS=sync
#        BENCH_COMMUNITIES=60 BENCH_PAGES=3000 BENCH_INSTALL_WRK=1
# Then each area's own bench, seeding its own database under var/ (a few minutes each):
# bench/events.py (the calendar listing with ~20,000 occurrences), bench/calendar_import.py
# (a 5,000-event feed: seconds and peak memory, first run and re-run), bench/directory.py
# (700 and 20,000 associations), bench/guide.py (the checklist and its PDF per origin).
bench: install
	$(PY) bench/run.py
	$(PY) bench/events.py
	$(PY) bench/calendar_import.py
	$(PY) bench/directory.py
	$(PY) bench/guide.py

clean:
	rm -rf $(VENV) db.sqlite3 var
