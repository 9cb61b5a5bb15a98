# `make serve` installs everything, loads the seed case and serves the tracker;
# `make test` installs everything (Chromium included) and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: install serve test lint chromium

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV) && apt-get update -qq && apt-get install -y -qq python3-venv && \
		$(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

serve: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_seed_case
	$(DEV_ENV) $(BIN)/python manage.py ensure_admin --url http://$(HOST_PORT)/admin/
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST_PORT)

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/mypy
	$(BIN)/vulture

test: lint chromium
	DEBUG=1 $(BIN)/python -m pytest
