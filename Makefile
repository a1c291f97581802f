# The README's commands. Everything goes into .venv and node_modules in this folder.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# the test suite runs in this many processes (pytest-xdist; "auto": one per CPU, at most 8)
TEST_PROCESSES ?= auto
export FLASK_APP := wsgi.py

.PHONY: run test install install-test assets translations browsers worker lint db demo clean

run: install db demo  ## install, build the schema, load the demo and serve it on http://127.0.0.1:$(PORT)
	$(BIN)/flask periodic
	POTTEN_BASE_URL="$${POTTEN_BASE_URL:-http://127.0.0.1:$(PORT)}" $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: install-test  ## install what the tests need and run the whole suite
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python assets
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory translations

install-test: $(BIN)/python assets browsers
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory translations

assets:
	npm install --no-audit --no-fund --silent

translations:
	$(BIN)/pybabel compile --use-fuzzy -d potten/translations --statistics 2>&1 | tail -n 1

# Chromium (browser tests) and LibreOffice with its Python bridge (letters as PDF/A, converted by
# unoserver in each worker) come from Debian's packages.
browsers:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui fonts-dejavu fonts-crosextra-carlito"; \
	/usr/bin/python3 -c "import uno" 2>/dev/null || missing="$$missing python3-uno"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install with apt-get:$$missing (or run as root)"; exit 1; fi; \
	fi

db:
	$(BIN)/flask db upgrade

demo:
	$(BIN)/flask demo

worker:  ## an RQ worker (needs POTTEN_REDIS_URL)
	$(BIN)/python -m workers

lint:
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules instance
