# `make serve` installs everything, loads the seed case and serves the tracker;
# `make test` installs everything (Chromium included) and runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: install serve production test lint chromium bench

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

# As in production: DEBUG off, settings from the environment (SECRET_KEY and ALLOWED_HOSTS
# required; HTTPS=1 behind TLS), static files collected, served by gunicorn.
production: install
	DEBUG=0 $(BIN)/python manage.py check --deploy
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 $(BIN)/python manage.py load_seed_case
	DEBUG=0 API_TRUSTED_PROXIES=$${API_TRUSTED_PROXIES:-1} $(BIN)/gunicorn tracker.wsgi --bind $(HOST_PORT) --workers $${WEB_CONCURRENCY:-3} \
		--access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Load test on PostgreSQL (a database of its own, tracker_bench, dropped and made afresh):
# demo data, gunicorn, wrk. Size and more by environment: see bench/load.py.
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/load.py

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
