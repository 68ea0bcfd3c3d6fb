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

clean:
	rm -rf $(VENV) db.sqlite3 var
