# One command each: make run, make test, make lint, make bench.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data
PORT ?= 8501

.PHONY: run test lint bench demo expectations docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@if [ ! -f $(DATA_DIR)/warehouse.duckdb ]; then $(BIN)/coop demo --data-dir $(DATA_DIR); fi
	@$(BIN)/coop user bootstrap --data-dir $(DATA_DIR)
	COOP_DATA_DIR=$(DATA_DIR) $(BIN)/streamlit run dashboard/app.py --server.port $(PORT) --server.headless true

test: $(STAMP)
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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
