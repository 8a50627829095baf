# Stepcraft developer commands. Everything runs from the virtual environment in .venv, which the
# targets create and fill on first use; later runs skip the install until a requirements file changes.

PYTHON ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check --quiet
# Bind address: `make run HOST=0.0.0.0` on the command line (not from the environment, where
# some shells export HOST as the machine name).
HOST := 127.0.0.1
PORT ?= 8000
# mypy checks the packages that exist (asl/ is being written alongside).
MYPY_TARGETS = $(foreach pkg,asl stepcraft designer executions examples accounts,$(if $(wildcard $(pkg)/*.py),$(pkg)))

.PHONY: run test lint migrate frontend bench clean

## make run: install runtime requirements, build the frontend, migrate, create the first admin, load
## the example workflows, and serve on http://$(HOST):$(PORT) with an embedded worker (no REDIS_URL)
run: $(VENV)/.installed frontend
	$(PY) manage.py migrate --noinput
	$(PY) manage.py ensure_admin
	$(PY) manage.py load_examples
	exec $(PY) manage.py serve "$(HOST):$(PORT)"

## make test: install dev requirements, then ruff, mypy, the frontend's type check, build and Vitest
## tests, and pytest (engine, API, runtime, integration with real servers, end-to-end in Chromium)
test: lint frontend
	cd frontend && npm test
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m mypy $(MYPY_TARGETS)

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

# The React frontend: npm ci when package-lock.json changed, then a type check and a production build
# into frontend/dist (which Django serves) when a source file changed.
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig.json \
	-type f 2>/dev/null)

frontend: frontend/dist/index.html

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "The frontend needs Node.js 20+ and npm (Debian: apt-get install nodejs npm)"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build

bench: $(VENV)/.installed
	@if [ -f benchmarks/engine.py ]; then \
		$(PY) benchmarks/engine.py; \
	else \
		echo "bench: benchmarks/engine.py does not exist yet"; \
	fi

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Stepcraft needs Python 3.11 or newer ($(PYTHON) is older); set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV) || \
		{ echo "Creating the virtual environment failed; on Debian: apt-get install python3-venv"; exit 1; }

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) -r requirements.txt
	touch $@

# The dev requirements include the runtime ones, so this stamp also satisfies .installed.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) -r requirements-dev.txt
	touch $(VENV)/.installed $@

clean:
	rm -rf staticfiles .mypy_cache .ruff_cache .pytest_cache .hypothesis frontend/dist frontend/node_modules
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
