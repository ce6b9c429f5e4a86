# Podium: `make run` to try it, `make test` to prove it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PODIUM := $(BIN)/podium
PORT ?= 8000
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

# A local instance on http://127.0.0.1 (no TLS), with production settings otherwise.
LOCAL_ENV := DEBUG=false SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=127.0.0.1,localhost PODIUM_HTTPS=false

.PHONY: install install-dev run test lint bench lock clean

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
	@echo "Podium is at http://127.0.0.1:$(PORT)/  -- sign in with any address above. Ctrl+C stops it."
	@$(LOCAL_ENV) $(PODIUM) worker & worker=$$!; \
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

# Re-pin every dependency (with hashes) after editing pyproject.toml.
lock: install-dev
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --extra dev -o requirements/dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
