# The README's commands. Each sets up what it needs: a virtual environment with pinned packages.
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 5000
# Server processes (gunicorn.conf.py); empty: one per core.
WORKERS ?=
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MESSAGE_SOURCES := app.py archive commands forms index intake views templates

.PHONY: run test lint format bench messages clean

run: $(STAMP)
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/python -m gunicorn --config gunicorn.conf.py

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# After changing the interface's strings: gather them, then add them to (or drop them from) the
# Urdu catalogue, whose new entries then need their translation (docs/glossary.md).
messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k N_ -k Message -k lazy_gettext --no-location \
		--omit-header --sort-output -o translations/messages.pot $(MESSAGE_SOURCES)
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations -l ur \
		--ignore-obsolete --no-fuzzy-matching

bench: $(STAMP)
	$(BIN)/python bench/search_bench.py

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
