# `make run` sets up and starts the app; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# pytest exits 5 when it collects nothing; an empty selection is not a failure here.
PYTEST_OK := || [ $$? -eq 5 ]

.PHONY: run test setup lint unit browser replicas bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy assessments ui pages app.py

unit: $(STAMP)
	scripts/ensure-nginx
	$(BIN)/pytest -n 2 -m "not browser" $(PYTEST_OK)

browser: $(STAMP)
	scripts/ensure-chromium
	scripts/ensure-nginx
	$(BIN)/pytest -m "browser and not replicas" $(PYTEST_OK)

# Two replicas behind nginx and three browsers, one replica killed (not part of `make test`).
replicas: $(STAMP)
	scripts/ensure-chromium
	scripts/ensure-nginx
	$(BIN)/pytest -m replicas $(PYTEST_OK)

test: lint unit browser

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .hypothesis
