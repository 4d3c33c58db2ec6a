# Xinju 新居 — `make run` to try it, `make test` to prove it. `make help` lists everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := webapp
# The app has no default configuration (a server started without one must not be the demo): the Makefile's
# targets run the local demo. Production sets XINJU_CONFIG=production itself.
export XINJU_CONFIG ?= development
PORT ?= 5000
# 127.0.0.1: only this computer. HOST=0.0.0.0 serves the other devices of the network too (a phone: see README).
HOST ?= 127.0.0.1

.DEFAULT_GOAL := help
MEASURE_URL ?= http://localhost:5000/
BENCH_DATABASE_URL ?=
BENCH_MIGRANTS ?= 1000000
LOADTEST_DATABASE_URL ?=
LOADTEST_SECONDS ?= 60
.PHONY: bench bench-admin bench-dashboard bench-http bench-visits clean db demo extract-messages format help lint loadtest lock measure migrate node-tools places prod-local run test test-browser test-dates test-fast translations update-messages venv

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

# requirements.lock pins every package (and its hashes) for the app, PostgreSQL, Redis and the tests: what CI
# tests is what is deployed. After changing pyproject.toml's dependencies: make lock.
LOCK := requirements.lock
LOCK_EXTRAS := --extra test --extra postgresql --extra redis

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## Create the virtual environment and install everything, exactly as pinned in requirements.lock

lock: $(STAMP) ## Pin pyproject.toml's dependencies in requirements.lock (pip-tools; existing pins kept; UPGRADE=1 to raise them)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras $(LOCK_EXTRAS) --generate-hashes --no-emit-index-url \
	  --no-emit-find-links --no-emit-trusted-host $(if $(UPGRADE),--upgrade) -o $(LOCK) pyproject.toml

translations: $(STAMP) ## Compile the message catalogues (.po → .mo)
	$(BIN)/pybabel compile -d translations

extract-messages: $(STAMP) ## Extract translatable strings into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output webapp templates

update-messages: extract-messages ## Extract, then merge new strings into each language's .po
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

db: $(STAMP) ## Migrate the SQLite database under instance/ to the newest schema
	$(BIN)/flask db upgrade

places: db ## Load the places of Zibo and Wenzhou
	$(BIN)/flask places load

demo: db ## Load demo accounts for every role (and the places)
	$(BIN)/flask demo load

run: translations demo ## Set everything up and serve http://localhost:5000 (demo configuration; PORT=…, HOST=0.0.0.0)
	XINJU_PORT=$(PORT) $(BIN)/flask run --host $(HOST) --port $(PORT)

# axe-core, which the browser tests inject into every page they visit (package.json; test-only, never served).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm for axe-core (apt-get install -y nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

node-tools: $(NODE_STAMP) ## Install the browser tests' npm tools (axe-core) from package-lock.json

# The tests run on TEST_WORKERS processes (pytest-xdist): those that need no browser first (each worker has its own
# SQLite files and PostgreSQL database, see tests/conftest.py), then the browser tests (each worker its own live
# server, SQLite file, keys and Chromium, see tests/browser/conftest.py; a module marked xdist_group, such as the
# two-instance journey on its one PostgreSQL database, stays whole on one worker). TEST_WORKERS=0: one process;
# BROWSER_WORKERS for the browser tests alone: one process unless set (on a 2-core machine each worker's Chromium and
# live server compete for the same cores: 85 browser tests took 15 min 50 s on 2 workers in a fresh-clone .ci/run,
# 7 min 38 s in one process the day before; BROWSER_WORKERS=auto where there are cores to spare).
# --dist worksteal: a worker that runs out of tests takes half of another's queue. With xdist's default (load), the
# tests already sent to a worker stay there: one worker ran alone for the last 110 s of a 234 s SQLite pass, its
# queue holding a quarter of the suite while the other had finished (186 → 158 s for the same pass).
TEST_WORKERS ?= auto
BROWSER_WORKERS ?= 0
XDIST = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal)
BROWSER_XDIST = $(if $(filter 0,$(BROWSER_WORKERS)),,-n $(BROWSER_WORKERS) --dist loadgroup)

test: translations $(NODE_STAMP) ## Run every test: SQLite, PostgreSQL when TEST_DATABASE_URL is set, and Chromium (with axe-core)
	@status=0; \
	$(BIN)/python -m pytest -m "not browser" $(XDIST) || status=1; \
	$(BIN)/python -m pytest -m browser $(BROWSER_XDIST) || status=1; \
	exit $$status

test-fast: translations ## Every test except the browser ones
	$(BIN)/python -m pytest -m "not browser" $(XDIST)

# Instants (UTC) on which test-dates runs the suite: 31 December at 23:30 (already 1 January in China: the 1st of a
# month and of a year in the app's zone, another day, month and year in UTC) and 29 February 2028 at 12:00 (the leap
# day in both zones). Each pass costs as much as make test's SQLite pass (2.5-3.6 min in CI on 2 cores); a third,
# on 1 December at 03:00 (the 1st in both zones), was dropped: every 1st-of-the-month case of the app's day is met
# on 1 January, and CI is kept short. The tests' pinned clock is off (XINJU_TEST_REAL_CLOCK=1), so a test that depends on the
# day must pin it itself; the checks of each page's HTML are off (XINJU_TEST_PAGE_CHECKS=0: a page's markup is the
# same on any day, and make test checked it; about 13% of a pass); SQLite only, and without CI or XINJU_REQUIRE_BROWSER (their demands for Redis, Chromium
# and nginx belong to make test).
# FAKETIME_DONT_FAKE_MONOTONIC=1: otherwise Python's sleeps fail or hang. faketime -m: the thread-safe libfaketime (the
# processes have threads: limits' in-memory storage starts one at each rate-limited request); with the plain one, two
# threads re-reading the fake time at once can fail to parse it, and libfaketime then exits the process (a pytest
# worker "crashed" on 31 December in one CI run; libfaketime's README, and wolfcw/libfaketime#151).
TEST_DATES ?= 2026-12-31 23:30:00|2028-02-29 12:00:00

test-dates: translations ## Non-browser tests under faketime: 31 Dec 23:30 UTC (1 Jan in China), 29 Feb 2028
	@command -v faketime >/dev/null || { echo "make test-dates needs faketime (apt-get install -y faketime)"; exit 1; }
	@fake() { env -u TEST_DATABASE_URL -u TEST_REDIS_URL -u CI -u XINJU_REQUIRE_BROWSER XINJU_TEST_REAL_CLOCK=1 XINJU_TEST_PAGE_CHECKS=0 FAKETIME_DONT_FAKE_MONOTONIC=1 TZ=UTC \
	    faketime -m -f "@$$at" "$$@"; }; \
	failed=""; dates='$(TEST_DATES)'; IFS='|'; for at in $$dates; do \
	  seen=$$(fake $(BIN)/python -c 'import datetime; print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}")'); \
	  if [ "$$seen" != "$${at:0:16}" ]; then echo "test-dates: faketime did not take ($$seen, not $$at)"; exit 1; fi; \
	  echo "== test-dates: $$at UTC"; \
	  fake $(BIN)/python -m pytest -m "not browser and not server_process" -q $(XDIST) || failed="$$failed, $$at"; \
	done; \
	if [ -n "$$failed" ]; then echo "test-dates: failed on $${failed#, }"; exit 1; fi

bench: bench-visits bench-admin ## Benchmarks (not tests): both below; BENCH_DATABASE_URL for PostgreSQL

bench-visits: $(STAMP) ## Caseload of 2,000 reports, sync of 200 visits
	$(BIN)/python scripts/bench_visits.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

bench-admin: $(STAMP) ## Dashboards and a caseload over BENCH_MIGRANTS synthetic migrants (SQLite, or BENCH_DATABASE_URL)
	$(BIN)/python scripts/bench_admin.py --migrants $(BENCH_MIGRANTS) --keep $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

bench-dashboard: $(STAMP) ## Dashboards' wall/CPU/SQL time on bench-admin's city (or BENCH_DATABASE_URL); BENCH_GROW=100000,300000 grows it
	$(BIN)/python scripts/bench_dashboard.py --database-url $(or $(BENCH_DATABASE_URL),sqlite:///$${TMPDIR:-/tmp}/xinju-bench-$(BENCH_MIGRANTS).sqlite3) $(if $(BENCH_GROW),--grow $(BENCH_GROW)) $(if $(BENCH_PROFILE),--profile)

bench-http: $(STAMP) translations ## Signed-in pages under gunicorn + wrk, against a bare Flask page (BENCH_DATABASE_URL for PostgreSQL)
	$(BIN)/python scripts/bench_http.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL)) $(BENCH_HTTP_ARGS)

loadtest: $(STAMP) ## 16 and 64 devices syncing to gunicorn for 60 s: SQLite, then PostgreSQL if LOADTEST_DATABASE_URL (its schema is dropped)
	@status=0; $(BIN)/python scripts/loadtest.py --seconds $(LOADTEST_SECONDS) || status=1; \
	$(if $(LOADTEST_DATABASE_URL),$(BIN)/python scripts/loadtest.py --seconds $(LOADTEST_SECONDS) --database-url $(LOADTEST_DATABASE_URL) || status=1;) \
	exit $$status

# PostgreSQL and Redis are started if they are not running (as .ci/run does); the database is made if missing.
PROD_LOCAL_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/xinju_prodlocal
prod-local: translations ## Production on this machine: nginx (TLS, self-signed) + 2 gunicorn + PostgreSQL + Redis at https://localhost:8743
	@command -v nginx >/dev/null || { echo "make prod-local needs nginx (apt-get install -y nginx)"; exit 1; }
	PROD_LOCAL_DATABASE_URL=$(PROD_LOCAL_DATABASE_URL) $(BIN)/python scripts/prod_local.py

measure: $(STAMP) ## Bytes a first visit transfers (needs `make run` in another terminal and Chromium)
	$(BIN)/python scripts/measure_first_visit.py $(MEASURE_URL)

lint: $(STAMP) ## ruff
	$(BIN)/ruff check webapp tests

format: $(STAMP) ## ruff format
	$(BIN)/ruff format webapp tests

clean: ## Remove the environment, node_modules, compiled catalogues and the local database
	rm -rf $(VENV) node_modules instance translations/*/LC_MESSAGES/*.mo .pytest_cache
