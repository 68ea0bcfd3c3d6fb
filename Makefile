# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WEBSITE_PORT ?= 8001

.PHONY: run test icaljs axe chromium install messages migrate demo worker lint bench clean

# Set up from a fresh clone and serve the Sønderborg demo on the embedded database: the CMS
# (admin and API) on :8000 and the website on :8001, both stopped by one Ctrl-C.
run: SHELL := /bin/bash
run: install .env migrate demo
	@echo "CMS (admin, API): http://$(HOST):$(PORT)/admin/   website: http://$(HOST):$(WEBSITE_PORT)/en/"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; trap 'exit 130' INT TERM; \
	HEADLESS_PREVIEW_URL=http://$(HOST):$(WEBSITE_PORT)/preview WEBSITE_URL=http://$(HOST):$(WEBSITE_PORT) \
	    WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) \
	    $(PY) manage.py runserver $(HOST):$(PORT) & \
	VELKOMST_API_URL=http://$(HOST):$(PORT) WEBSITE_URL=http://$(HOST):$(WEBSITE_PORT) \
	    $(VENV)/bin/uvicorn website.app:app --host $(HOST) --port $(WEBSITE_PORT) & \
	wait -n  # when either stops, the other is stopped too

# The test suite (SQLite unless DATABASE_URL names another database), the website's browser
# tests included.
test: install icaljs axe chromium
	$(VENV)/bin/pytest -q

# Debian's Chromium for the browser tests, installed when missing and we are root (elsewhere
# the browser tests are skipped, saying why).
chromium:
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium \
	    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; }; \
	else echo "chromium not found: the browser tests will be skipped"; fi

# axe-core, which the browser tests inject into every page template.
AXE := tests/website/axe
axe:
	@if command -v npm >/dev/null; \
	then $(MAKE) --no-print-directory $(AXE)/node_modules/.package-lock.json; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

$(AXE)/node_modules/.package-lock.json: $(AXE)/package.json $(AXE)/package-lock.json
	npm ci --prefix $(AXE) --no-audit --no-fund

# ical.js, the second iCalendar implementation the calendar feed is checked against, installed
# when Node is (without Node that test is skipped).
ICALJS := tests/events/icaljs
icaljs:
	@if command -v npm >/dev/null; \
	then $(MAKE) --no-print-directory $(ICALJS)/node_modules/.package-lock.json; \
	else echo "npm not found: the ical.js test will be skipped"; fi

$(ICALJS)/node_modules/.package-lock.json: $(ICALJS)/package.json $(ICALJS)/package-lock.json
	npm ci --prefix $(ICALJS) --no-audit --no-fund

install: $(VENV)/.installed messages

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Compile the gettext catalogs under locale/ (pure Python: no system gettext needed): ours,
# and our translations of Wagtail's own strings (locale/upstream/, both domains). A catalog is
# compiled when its .po changed, into a temporary file renamed into place, so a test run
# already reading the .mo files never sees half of one.
CATALOGS := $(wildcard locale/*/LC_MESSAGES/django.po locale/upstream/*/LC_MESSAGES/*.po)
messages: $(CATALOGS:.po=.mo)

locale/%.mo: locale/%.po | $(VENV)/.installed
	$(VENV)/bin/pybabel compile -i $< -o $@.tmp
	mv $@.tmp $@

# A development .env with a fresh random SECRET_KEY, written once and never committed.
.env:
	@printf 'DEBUG=1\nSTAFF_TWO_FACTOR=optional\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "wrote .env (DEBUG=1, two-step verification optional, a random SECRET_KEY)"

migrate: install .env
	$(PY) manage.py migrate --no-input

demo: migrate
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) WEBSITE_URL=http://$(HOST):$(WEBSITE_PORT) \
	    $(PY) manage.py seed_demo

# a worker for the task queue, when TASKS_BACKEND=django_tasks_db.DatabaseBackend
worker: migrate
	TASKS_BACKEND=django_tasks_db.DatabaseBackend $(PY) manage.py db_worker

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# The benchmark (bench/run.py; `bench/run.py pages events …` runs some): one scenario per
# area, each on a database of its own (settings cms.settings.bench, never db.sqlite3), seeded
# by the apps' commands (seed_volume, seed_calendar_volume, seed_association_volume,
# seed_demo): on SQLite under var/, reused while its fingerprint (migrations, seeders,
# packages) holds, and on a throwaway PostgreSQL 15 the run starts as .ci/run does and removes
# (skipped with a message when /usr/lib/postgresql/15/bin is absent). Per URL: SQL queries
# per request in-process, then req/s and p50/p99 under wrk (apt-get installs it when missing,
# as root) against gunicorn on 127.0.0.1 with sync and with gthread workers, uncached
# (API_CACHE=0) then with the response cache; one table per database and worker class, then
# their req/s side by side; var/bench-<scenario>-results.json. Figures, not timed assertions.
# - pages: 60 communities, 3,000 pages in da/en/de, beside Wagtail's stock endpoint
#   (/bench/stock/pages/) and static copies of our bodies (/bench/static.json): goals
#   uncached >= 3x stock, cached >= 0.5x static, PASS/FAIL;
# - events (~20,000 occurrences), directory (700 and 20,000 associations), guide (the
#   checklist and its PDF per origin), calendar_import (a 5,000-event feed, in-process);
# - dashboard: the coordinator's panels timed in-process on the demo plus ~20,000 newcomers'
#   activity (bench/dashboard.py): goal under 300 ms a panel;
# - website: home, a community, the calendar and the checklist on the website (uvicorn) with
#   the API's cache warm, beside the API calls each page makes, with the ratio;
# - municipalities: one municipality's listings with 1 and with 10 municipalities seeded
#   (BENCH_MUNICIPALITIES=10): queries equal, p99 within 1.5x, PASS/FAIL;
# - mixed: pages, events and associations read (cache on) while registrations arrive at 0,
#   1 and 5/s: read req/s, p99 and X-Cache hit ratio per kind, registrations made/s; goal
#   pages hit ratio >= 0.95 at 5/s (the bench settings raise REGISTRATION_RATE);
# - scale: 60 communities / 3,000 pages / ~20,000 occurrences against 600 / 30,000 /
#   ~200,000, the same URLs uncached: p99 ratio <= 1.5x, PASS/FAIL (the large seed is long).
# Knobs: BENCH_SECONDS=6 (per URL and phase, split over BENCH_ROUNDS=2 interleaved passes)
#        BENCH_THREADS=2 BENCH_CONNECTIONS=16 BENCH_WORKERS=2
#        BENCH_DATABASES=sqlite,postgresql BENCH_WORKER_CLASS=sync,gthread BENCH_GTHREADS=4
#        BENCH_DIRECTORY_VOLUMES=700,20000 BENCH_MIXED_PAGES=3000 BENCH_SCALE=10
#        BENCH_INSTALL_WRK=1
bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 var $(ICALJS)/node_modules $(AXE)/node_modules
