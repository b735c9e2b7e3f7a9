# The two commands of the README: `make start` and `make test`.
# Everything else here is what they call.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: start test install check-system lint format demo run clean messages

start: install demo run  ## set everything up and start the app on SQLite

test: install  ## run all tests (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)
	DEBUG=1 $(VENV)/bin/ruff check .
	DEBUG=1 $(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed check-system

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) scripts/check_python.py
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

check-system:  ## WeasyPrint's system libraries and fonts with å ä ö
	@$(PY) scripts/check_system.py

demo:  ## migrate, load the adopted plan and the demo users (keeps existing data)
	@mkdir -p db
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py createcachetable
	PORT=$(PORT) DEBUG=1 $(PY) manage.py setup_demo

run:
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

# The English catalogue: collect every marked string into locale/en/LC_MESSAGES/django.po
# (new ones empty, gone ones dropped), compile the .mo that is committed, and count what is
# left to translate. Needs GNU gettext (Debian: apt-get install gettext).
MAKEMESSAGES_ARGS := -l en --no-obsolete --add-location file -i .venv -i bench -i tests -i staticfiles -i db

messages:  ## update and compile the English translation (see README, "Translations")
	DEBUG=1 $(PY) manage.py makemessages $(MAKEMESSAGES_ARGS)
	DEBUG=1 $(PY) manage.py compilemessages -l en -i .venv
	@$(PY) scripts/untranslated.py locale/en/LC_MESSAGES/django.po

clean:
	rm -rf db/*.sqlite3* staticfiles .pytest_cache .ruff_cache
