# The only commands people and CI run. `make demo` and `make test` work on a fresh machine
# with Python 3.12+, make and git; everything else is installed here from PyPI, pinned.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first Python >= 3.12 on this machine (a pyenv shim for another version is skipped).
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 \
	$$HOME/.pyenv/versions/3.12*/bin/python3 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	then command -v $$p; break; fi; done)
PG_URL ?= $(or $(KORAK_TEST_DATABASE_URL),postgres://postgres@127.0.0.1:5432/test)
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser)
PIP_FLAGS := --disable-pip-version-check --no-input -q

.PHONY: demo test lint unit test-sqlite test-postgres test-browser audit lock messages clean install

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "make: no Python 3.12 or newer found on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install $(PIP_FLAGS) --require-hashes -r requirements/base.lock
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e .
	@touch $@

$(VENV)/.dev: requirements/dev.lock $(VENV)/.base
	$(BIN)/python -m pip install $(PIP_FLAGS) --require-hashes -r requirements/dev.lock
	@touch $@

install: $(VENV)/.base

messages: $(VENV)/.base
	$(BIN)/python -m korak.i18n compile

demo: $(VENV)/.base messages
	$(BIN)/korak demo

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	KORAK_ENV=test $(BIN)/mypy korak
	$(BIN)/bandit -q -c pyproject.toml -r korak

test-sqlite: $(VENV)/.dev messages
	@echo "== tests on SQLite =="
	$(BIN)/pytest -m "not browser" -q

# PostgreSQL half: runs whenever the server answers; with CI=true a missing server fails the build.
test-postgres: $(VENV)/.dev messages
	@if $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL ($(PG_URL)) =="; \
		KORAK_DATABASE_URL='$(PG_URL)' $(BIN)/pytest -m "not browser" -q; \
	elif [ "$$CI" = "true" ]; then \
		echo "make: PostgreSQL at $(PG_URL) is not reachable, and CI=true requires the PostgreSQL half"; exit 1; \
	else \
		echo "== PostgreSQL not reachable at $(PG_URL): PostgreSQL half SKIPPED =="; \
	fi

test-browser: $(VENV)/.dev messages
	@if [ -n "$(CHROMIUM)" ]; then \
		echo "== browser tests in $(CHROMIUM) =="; \
		KORAK_CHROMIUM='$(CHROMIUM)' $(BIN)/pytest -m browser -q; \
	elif [ "$$CI" = "true" ]; then \
		echo "make: no chromium found, and CI=true requires the browser tests"; exit 1; \
	else \
		echo "== no chromium on PATH: browser tests SKIPPED (apt-get install chromium) =="; \
	fi

test: lint test-sqlite test-postgres test-browser

# pip-audit asks PyPI's JSON API for advisories. Where that service is out of reach, it audits
# nothing: say so loudly instead of reporting a clean result.
audit: $(VENV)/.dev
	@mkdir -p var
	$(BIN)/pip-audit --disable-pip -r requirements/base.lock -r requirements/dev.lock 2>&1 | tee var/pip-audit.txt
	@skipped=$$(grep -c "could not be audited" var/pip-audit.txt || true); \
	if [ "$$skipped" -gt 0 ]; then \
		echo "make audit: $$skipped packages could NOT be audited (vulnerability service unreachable)"; exit 1; fi

lock: $(VENV)/.dev
	cd requirements && ../$(BIN)/uv pip compile -q --python-version 3.12 --generate-hashes base.in -o base.lock
	cd requirements && ../$(BIN)/uv pip compile -q --python-version 3.12 --generate-hashes dev.in -o dev.lock

clean:
	rm -rf $(VENV) var
