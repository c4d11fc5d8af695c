# The two commands: `make run` (embedded: SQLite, Celery inline, demo data) and `make test`
# (PostgreSQL, Redis, a real Celery worker and headless Chromium). Both work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address in e-mail links and certificate QR codes follows HOST/PORT unless SITE_URL is set.
SITE_URL ?= http://$(HOST):$(PORT)
TEST_DB_URL ?= postgres://postgres@127.0.0.1:5432/zpb
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
# Debian packages: WeasyPrint's Pango (the app renders certificates) and, for tests, gettext,
# Chromium, poppler (pdftotext/pdftoppm) and zbar (QR decoding).
RUN_APT := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_APT := $(RUN_APT) gettext chromium poppler-utils zbar-tools

.PHONY: run test venv services messages clean bench bench-survey

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# Installs only what is missing, so repeated runs cost nothing.
system-deps-%:
	@missing=""; for p in $($*_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# PostgreSQL and Redis normally run already on this kind of machine; start them if not.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='zpb'" | grep -q 1 || createdb -h 127.0.0.1 -U postgres zpb
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done

# PDFs are signed with a throw-away demo key made on the first run (var/demo-signing, or under VAR_DIR;
# docs/signing.md).
DEMO_KEY_DIR := $(or $(VAR_DIR),var)/demo-signing
DEMO_SIGNING := PDF_SIGNING_P12=$(DEMO_KEY_DIR)/demo-signing.p12 \
  PDF_SIGNING_P12_PASSWORD_FILE=$(DEMO_KEY_DIR)/demo-signing.password

run: venv system-deps-RUN
	$(PY) manage.py migrate --noinput
	$(PY) manage.py make_demo_signing_key --dir $(DEMO_KEY_DIR)
	SITE_URL=$(SITE_URL) $(DEMO_SIGNING) $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) $(DEMO_SIGNING) $(PY) manage.py runserver $(HOST):$(PORT)

test: venv system-deps-TEST services
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	DATABASE_URL=$(TEST_DB_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) FAST_PASSWORD_HASHER=true \
	  $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DB_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) FAST_PASSWORD_HASHER=true \
	  $(PY) -m pytest $(PYTEST_ARGS)
	# The deploy check wants a signing key: a throw-away one, made in a temporary folder and removed after.
	keydir=$$(mktemp -d) && $(PY) manage.py make_demo_signing_key --dir $$keydir >/dev/null && \
	  DEBUG=false SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=zpb.example.pl \
	  DATABASE_URL=$(TEST_DB_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	  PDF_SIGNING_P12=$$keydir/demo-signing.p12 PDF_SIGNING_P12_PASSWORD_FILE=$$keydir/demo-signing.password \
	  $(PY) manage.py check --deploy --fail-level WARNING; status=$$?; rm -rf $$keydir; exit $$status

# Load benchmark (bench/load.py, docs/benchmarks.md): seeds S and L databases once, then gunicorn + locust.
# Locust lives in its own venv so its gevent pins never touch the app's.
BENCH_VENV := var/bench-venv
$(BENCH_VENV)/.installed: bench/requirements-load.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -r bench/requirements-load.txt
	touch $@

bench: venv system-deps-RUN services $(BENCH_VENV)/.installed
	$(PY) bench/load.py $(BENCH_ARGS)

# Survey answers under load (bench/survey_load.py, docs/surveys.md): 32 locust "pupils" open the public
# questionnaire, think, send it and start again as a new browser, against the same gunicorn set-up.
# E.g. make bench-survey BENCH_ARGS="--runs 3 --duration 120"; BENCH_DB_SURVEY names the scratch database.
bench-survey: venv system-deps-RUN services $(BENCH_VENV)/.installed
	$(PY) bench/survey_load.py $(BENCH_ARGS)

# Rebuild the Polish catalogue after changing UI strings (then translate and commit the .po/.mo).
# Each top-level folder has its own catalogue in <folder>/locale (run inside it, so strings land there).
LOCALE_DIRS := templates core zpb institutions partners audits certification surveys reports api
messages: venv
	for d in $(LOCALE_DIRS); do (cd $$d && ../$(PY) ../manage.py makemessages -l pl --no-obsolete --no-location) || exit 1; done
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
