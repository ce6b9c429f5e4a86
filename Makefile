# Podium: `make run` to try it, `make test` to prove it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PODIUM := $(BIN)/podium
PORT ?= 8000
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

# A local instance on http://127.0.0.1:$(PORT) (no TLS), with production settings otherwise;
# links in its e-mails point at the same port, and the e-mails are written to var/mail/
# (not the console, where they would push the demo sign-ins off the screen).
LOCAL_ENV := DEBUG=false SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=127.0.0.1,localhost PODIUM_HTTPS=false \
  PODIUM_BASE_URL=$${PODIUM_BASE_URL:-http://127.0.0.1:$(PORT)} \
  EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend} \
  EMAIL_FILE_PATH=$${EMAIL_FILE_PATH:-var/mail}

.PHONY: install install-dev run test lint bench profile lock clean audit-deps

$(VENV)/.installed: pyproject.toml requirements/base.lock
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements/base.lock
	$(PIP) install --no-deps --editable .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.lock
	$(PIP) install --require-hashes --no-deps -r requirements/dev.lock
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/secret_key:
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

var/demo_password:
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > $@
	@chmod 600 $@

run: install var/secret_key var/demo_password
	@$(LOCAL_ENV) $(PODIUM) migrate --noinput -v0
	@$(LOCAL_ENV) $(PODIUM) collectstatic --noinput -v0
	@$(LOCAL_ENV) $(PODIUM) demo --password "$${PODIUM_DEMO_PASSWORD:-$$(cat var/demo_password)}"
	@echo
	@echo "E-mails Podium sends are written to var/mail/ (set EMAIL_BACKEND to change that)."
	@echo "Podium is at http://127.0.0.1:$(PORT)/  -- sign in with any address above. Ctrl+C stops it."
	@# The worker logs each routine task at INFO; here only its warnings and errors
	@# show, so the sign-in list above stays on screen (WORKER_LOG_LEVEL=INFO shows all).
	@$(LOCAL_ENV) LOG_LEVEL=$${WORKER_LOG_LEVEL:-WARNING} $(PODIUM) worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(LOCAL_ENV) PORT=$(PORT) $(BIN)/gunicorn --config config/gunicorn.py config.wsgi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy

# The suite runs on every core (pytest-xdist), each worker with its own test database;
# tests marked xdist_group(name) stay together on one worker. TEST_WORKERS=0 runs it
# in this process alone. See docs/development.md, "Tests".
TEST_WORKERS ?= auto
test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

bench: install-dev
	$(BIN)/python bench/run.py

# One page in process with cProfile: `make profile PAGE=/training/ AS=training@example.ac.uk`
# against DATABASE_URL (seeded as bench/run.py does). See docs/performance.md.
PAGE ?= /
AS ?= admin@example.ac.uk
profile: install-dev
	PAGE='$(PAGE)' AS='$(AS)' $(BIN)/python bench/profile_page.py

# Re-pin every dependency (with hashes) after editing pyproject.toml.
lock: install-dev
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements/dev.lock pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements/audit.lock requirements/audit.in

# Check every pinned dependency (base.lock, dev.lock) against PyPI's vulnerability data
# with pip-audit, installed from audit.lock into its own .venv-audit. Fails when a
# dependency has a known vulnerability or could not be looked up (--strict: pip-audit
# alone passes a package it got no answer for). Where the service cannot be reached
# at all it says so plainly and succeeds (docs/security.md, "Dependencies").
AUDIT_VENV := .venv-audit
audit-deps:
	@if ! $(PYTHON) requirements/vulnerability_service.py; then \
	  echo "dependency audit skipped: vulnerability service unreachable"; exit 0; \
	fi; \
	set -e; \
	test -d $(AUDIT_VENV) || $(PYTHON) -m venv $(AUDIT_VENV); \
	$(AUDIT_VENV)/bin/python -m pip --quiet --disable-pip-version-check install --require-hashes --no-deps -r requirements/audit.lock; \
	$(AUDIT_VENV)/bin/pip-audit --strict --disable-pip --require-hashes --progress-spinner off \
	  -r requirements/base.lock -r requirements/dev.lock

clean:
	rm -rf $(VENV) $(AUDIT_VENV) var .mypy_cache .pytest_cache .ruff_cache
