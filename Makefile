# The two commands: `make report` (main job) and `make test` (whole test suite).
# Both create .venv on first use; a stamp file re-installs only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REPORT_DIR ?= reports/sample

.PHONY: report test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/framing report outlet_comparison --corpus corpora/sample --out $(REPORT_DIR)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check framing tests benchmarks

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache
