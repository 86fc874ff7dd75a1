# Entry points for a fresh machine: `make run`, `make demo` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
# Everything the set-up steps print goes here; the terminal shows one line per step.
LOG ?= instance/make.log
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
PIP := $(BIN)/pip install --quiet --disable-pip-version-check --no-warn-script-location

export FLASK_APP := wsgi:app
export PIP_NO_WARN_SCRIPT_LOCATION := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run demo test setup prepare lint format clean translations

# $(call step,what the person reads,command): one progress line; the command's output is added
# to $(LOG), and shown only when the command fails.
define step
	@mkdir -p $(dir $(LOG))
	@echo "• $(1)"
	@( $(2) ) >$(LOG).step 2>&1 && cat $(LOG).step >>$(LOG) || { \
	  tee -a $(LOG) <$(LOG).step; rm -f $(LOG).step; \
	  echo "Échec : $(1) (détails ci-dessus et dans $(LOG))"; exit 1; }
	@rm -f $(LOG).step
endef

$(BIN)/python:
	$(call step,Environnement Python dans $(VENV),$(PYTHON) -m venv $(VENV) && $(PIP) --upgrade pip)

# Running needs the package only; the test tools come with `make test`.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(call step,Installation de Consult (une à deux minutes la première fois),$(PIP) -e .)
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(call step,Installation de Consult et des outils de test,$(PIP) -e '.[test]')
	@touch $@ $(RUN_STAMP)

prepare:
	$(call step,Base de données à jour,mkdir -p instance && $(BIN)/consult db upgrade)
	$(call step,Territoires et questionnaires chargés,$(BIN)/consult questionnaires load)

run: $(RUN_STAMP) prepare
	@$(BIN)/consult serve --port $(PORT) --welcome

demo: $(RUN_STAMP) prepare
	@$(BIN)/consult demo load

# For developers: the test tools, the database and an administrator, without serving.
setup: $(TEST_STAMP) prepare
	@$(BIN)/consult users ensure-admin

test: $(TEST_STAMP) prepare
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The files mypy checks and how strictly: [tool.mypy] in pyproject.toml.
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Respondent-page wording: template from the code, catalogues updated, then compiled (README).
translations: $(RUN_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -o consult/translations/messages.pot .
	$(BIN)/pybabel update -i consult/translations/messages.pot -d consult/translations -w 100 --ignore-obsolete
	$(BIN)/pybabel compile -d consult/translations

clean:
	rm -rf $(VENV) instance/*.db*
