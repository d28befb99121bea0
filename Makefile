# Diaodu — the two commands a new user needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DIAODU_HOME ?= $(CURDIR)/var

.PHONY: install install-dev install-system static-vendor demo serve test test-fast lint typecheck bench clean

# Python packages into .venv; re-run only when pyproject.toml changes (idempotent).
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	$(MAKE) compile
	$(MAKE) static-vendor
	touch $@

# Bytecode for every module, as pip writes it for an installed package (an editable
# install has none, and with PYTHONDONTWRITEBYTECODE every command would compile the
# package again as it starts). Stale files are ignored by Python, never used.
.PHONY: compile
compile:
	$(BIN)/python -m compileall -q diaodu

# ECharts from the pinned npm package into the app's own static files (no CDN at run time).
ECHARTS := diaodu/web/static/web/vendor/echarts.min.js
static-vendor: $(ECHARTS)

$(ECHARTS): package-lock.json
	npm ci --silent --no-audit --no-fund
	mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.min.js $@

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Debian packages the tests use (PostgreSQL server…); installs only what is missing.
install-system:
	bash scripts/install-system.sh

# Build the demonstration city once (reused afterwards) and serve it.
demo: install
	DIAODU_DEBUG=1 $(BIN)/diaodu migrate --verbosity 0
	DIAODU_DEBUG=1 $(BIN)/diaodu demo
	DIAODU_DEBUG=1 $(BIN)/diaodu runserver --insecure 127.0.0.1:$(PORT)

serve: install
	DIAODU_DEBUG=1 $(BIN)/diaodu runserver 127.0.0.1:$(PORT)

lint: install-dev
	$(BIN)/ruff check diaodu
	$(BIN)/ruff format --check diaodu

typecheck: install-dev
	$(BIN)/mypy diaodu

# The whole suite on SQLite, then again on a throw-away PostgreSQL server when CI
# or DIAODU_TEST_POSTGRES=1 is set.
test: install-dev install-system lint typecheck
	$(BIN)/pytest -q
	@if [ -n "$$CI" ] || [ "$$DIAODU_TEST_POSTGRES" = "1" ]; then \
		bash scripts/with-postgres.sh $(BIN)/pytest -q ; \
	fi

# Everything but the tests marked slow or browser, on SQLite.
test-fast: install-dev
	$(BIN)/pytest -q -m "not slow and not browser"

# Benchmarks print `bench: NAME VALUE UNIT …` and write var/bench.json (contracts/bench.md).
bench: install-dev
	$(MAKE) install-system compile
	$(BIN)/python -m diaodu.bench sqlite
	bash scripts/with-postgres.sh $(BIN)/python -m diaodu.bench pg

# 50 users on gunicorn (4 workers) against the demo city in var/load/ for a minute;
# prints `bench: load_rps|load_p50|load_p95|load_p99|load_errors …` (contracts/bench.md).
.PHONY: load load-pg
load: install-dev
	$(BIN)/python -m diaodu.proof.load

# The same on a throw-away PostgreSQL server (the demo city is built in it first).
load-pg: install-dev install-system
	bash scripts/with-postgres.sh $(BIN)/python -m diaodu.proof.load

clean:
	rm -rf var/test .pytest_cache .mypy_cache .ruff_cache
