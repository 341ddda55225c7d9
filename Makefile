# One command each: make run, make test, make lint, make bench.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data
PORT ?= 8501

.PHONY: run test lint bench demo expectations docs fonts clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP) fonts
	@if [ ! -f $(DATA_DIR)/warehouse.duckdb ]; then $(BIN)/coop demo --data-dir $(DATA_DIR); fi
	@$(BIN)/coop user bootstrap --data-dir $(DATA_DIR)
	COOP_DATA_DIR=$(DATA_DIR) $(BIN)/streamlit run dashboard/app.py --server.port $(PORT) --server.headless true

test: $(STAMP) fonts
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check etl dashboard tests bench
	$(BIN)/ruff format --check etl dashboard tests bench
	$(BIN)/mypy etl dashboard

bench: $(STAMP)
	$(BIN)/python -m bench

demo: $(STAMP)
	$(BIN)/coop demo --data-dir $(DATA_DIR)

expectations: $(STAMP)
	$(BIN)/coop expectations

docs: $(STAMP)
	$(BIN)/coop docs

# `coop report` embeds a CJK font in its PDF (etl/leadership/fonts.py): Debian/Ubuntu's
# fonts-noto-cjk, installed here when we can (root with apt-get), else named for you to install.
fonts:
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || [ -n "$$COOP_FONT_DIR" ] || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
	      || echo "warning: could not install fonts-noto-cjk; coop report cannot write PDFs"; \
	  else \
	    echo "note: coop report needs a CJK font for PDFs: sudo apt-get install fonts-noto-cjk (or set COOP_FONT_DIR)"; \
	  fi; }

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
