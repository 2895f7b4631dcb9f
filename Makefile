# Aftersales: `make run` serves the product with demo data; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export AFTERSALES_DATABASE_URL ?= sqlite:///var/aftersales.db

.PHONY: run test install install-dev system-deps lint bench clean

$(BIN)/aftersales: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

install: $(BIN)/aftersales

$(VENV)/.dev: $(BIN)/aftersales
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install-dev: $(VENV)/.dev

run: install
	mkdir -p var
	$(BIN)/aftersales make-secret var/secret_key
	$(BIN)/aftersales migrate
	$(BIN)/aftersales demo
	@echo ""
	@echo "  Aftersales is at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: $${AFTERSALES_DEMO_PASSWORD:-demo}): admin, staff, staff2,"
	@echo "  counter_manager, floor_supervisor, manager_assistant, dept_manager,"
	@echo "  complaint_station, technician, technician2, driver, warehouse, inspector"
	@echo ""
	$(BIN)/aftersales serve --host $(HOST) --port $(PORT) --worker-in-process

# Debian's Chromium and CJK fonts for the browser tests and the PDFs (WenQuanYi is the
# TrueType font the PDFs embed), and poppler's pdftotext, which the tests read the PDFs
# back with; installed when missing and root.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null \
	    || ! fc-list 2>/dev/null | grep -qi "noto sans cjk" \
	    || ! fc-list 2>/dev/null | grep -qi "wenquanyi micro hei"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
	      fonts-noto-cjk fonts-wqy-microhei poppler-utils; \
	  else echo "chromium / CJK fonts / pdftotext missing and not root: their tests will be skipped"; fi; \
	fi

test: lint system-deps
	$(BIN)/pytest -q

# Style, import rules (import-linter contracts in pyproject.toml) and types.
lint: install-dev
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/ruff check src tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: install-dev
	@command -v wrk >/dev/null || { [ "$$(id -u)" = "0" ] && apt-get install -y -q wrk; }
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var
