# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed

export FLASK_APP := wsgi:app

.PHONY: run test setup lint format clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)
	mkdir -p instance
	$(BIN)/consult db upgrade
	$(BIN)/consult questionnaires load
	$(BIN)/consult users ensure-admin

run: setup
	$(BIN)/consult serve --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Respondent-page wording: template from the code, catalogues updated, then compiled (README).
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o consult/translations/messages.pot .
	$(BIN)/pybabel update -i consult/translations/messages.pot -d consult/translations -w 100 --ignore-obsolete
	$(BIN)/pybabel compile -d consult/translations

clean:
	rm -rf $(VENV) instance/*.db*
