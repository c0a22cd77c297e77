# The two commands a newcomer needs: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run worker test install assets messages compile-messages migrate seed lint format check-migrations test-fast browser-deps pdf-deps clean drills bench bench-fanout

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(BIN)/uv pdf-deps ## Create .venv and install the locked Python dependencies
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --locked --quiet

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.package-lock.json ## Build the front end (govuk-frontend, Sass) into assets/dist
	npm run --silent build

compile-messages: install ## Compile the translation catalogues with Babel (no GNU gettext needed)
	$(BIN)/pybabel compile --domain=django --directory=locale --statistics

messages: install ## Extract translatable strings and update the catalogues
	PYTHONPATH=. $(BIN)/pybabel extract --mapping=babel.cfg --keywords="_ gettext gettext_lazy gettext_noop ngettext:1,2 ngettext_lazy:1,2 pgettext:1c,2 pgettext_lazy:1c,2 npgettext:1c,2,3" \
	  --no-location --sort-output --project=sen-portal --output=locale/django.pot portal content voice messaging templates
	for lang in en cy ur; do \
	  test -f locale/$$lang/LC_MESSAGES/django.po || $(BIN)/pybabel init --domain=django --input-file=locale/django.pot --output-dir=locale --locale=$$lang; \
	done
	$(BIN)/pybabel update --domain=django --input-file=locale/django.pot --output-dir=locale --no-fuzzy-matching --ignore-obsolete

migrate: install ## Apply database migrations
	mkdir -p var
	$(MANAGE) migrate --no-input

seed: migrate ## Load the demo data (idempotent) and print the demo sign-ins
	$(MANAGE) seed_demo

run: install assets compile-messages seed ## Set everything up and serve http://127.0.0.1:8000 with the background worker
	@echo "Serving http://$(HOST):$(PORT)/ with the background worker (Ctrl+C stops both)"
	@DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) run_worker & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT INT TERM; \
	  DJANGO_SETTINGS_MODULE=portal.settings.dev $(BIN)/uvicorn portal.asgi:application --host $(HOST) --port $(PORT) --reload --reload-dir portal --reload-dir content --reload-dir messaging --reload-dir voice --reload-dir templates

worker: install ## Run only the background worker (email outbox, daily digests)
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(MANAGE) run_worker

browser-deps: ## Install Debian's Chromium for the browser tests, if missing
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

pdf-deps: ## Install the system libraries WeasyPrint needs for the evidence pack's PDF, if missing
	@ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core >/dev/null)

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

test: install assets compile-messages lint check-migrations ## Lint, then run the whole test suite
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install ## Run the tests without the browser
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

clean: ## Remove the virtualenv, node_modules, built assets and the local database
	rm -rf $(VENV) node_modules assets/dist var

drills: install assets compile-messages ## Failure drills (Redis, mail server, PostgreSQL down; workers killed or racing) on production settings, each with its own PostgreSQL and Redis; DRILLS_ARGS="--only a,c"
	$(BIN)/python drills/run.py $(DRILLS_ARGS)

bench: install assets compile-messages ## Load-test the production server command against a bare view (BENCH_ARGS=--quick for a short run)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-fanout: install ## Real-time fan-out benchmark (needs DATABASE_URL and REDIS_URL; ARGS=--quick)
	$(BIN)/python bench/fanout.py $(ARGS)
