# Tandem: `make demo` starts a demo school; `make test` runs every check. Nothing else to install.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
DEMO_STUDENTS ?= 300
PORT ?= 8000

.PHONY: demo backup test lint test-sqlite test-postgres test-browser test-sqlite-then-browser chromium messages bench bench-imports clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## demo: install, migrate a SQLite database, seed a demo school if empty, serve on :8000 (PORT=8010 for another)
demo: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py seed_demo --if-empty --students $(DEMO_STUDENTS)
	PORT=$(PORT) bin/demo-server

## backup: the database and the uploaded files in one archive, var/backups/tandem-<UTC time>.tar
## (the configured database: `make demo`'s SQLite in var/ unless DATABASE_URL says otherwise)
backup: $(VENV)/.runtime
	$(PY) manage.py backup var/backups/tandem-$$(date -u +%Y%m%dT%H%M%SZ).tar

## test: ruff, the whole suite on SQLite and on a throwaway PostgreSQL, and the browser tests
test: $(VENV)/.dev chromium lint
	@# Two lanes side by side (one per core), each printed when it is done: the PostgreSQL pass,
	@# and the SQLite pass followed by the browser tests (the PostgreSQL pass is the longer one).
	$(MAKE) --no-print-directory -j2 --output-sync=target test-postgres test-sqlite-then-browser

test-sqlite-then-browser: $(VENV)/.dev chromium
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-browser

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v0

test-sqlite: $(VENV)/.dev
	$(PYTEST) -m "not browser" -p no:cacheprovider

test-postgres: $(VENV)/.dev
	$(PYTHON) bin/pgtmp.py -- $(PYTEST) -m "not browser" -p no:cacheprovider

test-browser: $(VENV)/.dev chromium
	$(PYTEST) -m browser -p no:cacheprovider

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## messages: refresh the translation catalogs after changing strings, then translate and compile
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l es --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(VENV)/.dev
	$(PYTHON) bin/pgtmp.py -- $(PY) bench/pages.py

## bench-imports: seconds to import a 20,000-person OneRoster package, first and again (SQLite, PostgreSQL)
bench-imports: $(VENV)/.dev
	env -u DATABASE_URL $(PY) bench/imports.py
	$(PYTHON) bin/pgtmp.py -- $(PY) bench/imports.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
