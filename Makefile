# Two commands do all set-up: `make run` and `make test`. Both build on `make install`.
# `make check` is the fast lane while working (lint and the unit tests; bench/README.md times it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check audit lint bench data train train-accounts eval permissive clean messages compile-messages

install: $(STAMP)

# Re-install only when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

LOCALE := api/locale
ERROR_KEYWORDS := -k TriageError -k QueueError -k UserError
CATALOGUES := $(wildcard $(LOCALE)/*/LC_MESSAGES/messages.po)

# Extract the pages' strings (English msgids) into messages.pot and merge them into each catalogue;
# then translate the new entries in api/locale/<lang>/LC_MESSAGES/messages.po.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ $(ERROR_KEYWORDS) --no-location --sort-output \
		--project triage -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(LOCALE)/messages.pot -d $(LOCALE) --ignore-obsolete

# The compiled .mo files are not committed: built from the .po here, and by `make run` and
# `make test` (so CI works from a clean clone); stale ones are rebuilt when a .po changes.
compile-messages: $(CATALOGUES:.po=.mo)

$(LOCALE)/%/LC_MESSAGES/messages.mo: $(LOCALE)/%/LC_MESSAGES/messages.po | install
	$(BIN)/pybabel compile --statistics -i $< -o $@

# Migrates the SQLite database, loads the demo comments and users (idempotent), serves.
run: install compile-messages
	$(BIN)/triage demo
	$(BIN)/triage serve --host 127.0.0.1 --port 8000

# The whole suite on SQLite; then, when TRIAGE_TEST_DATABASE_URL names a PostgreSQL database
# (.ci/run starts one with scripts/postgres-for-tests), the store and desk tests again there.
test: install compile-messages
	$(BIN)/ruff check --output-format concise triage api tests bench
	env -u TRIAGE_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$${TRIAGE_TEST_DATABASE_URL:-}" ]; then \
		echo "store and desk tests on $${TRIAGE_TEST_DATABASE_URL%%@*}@..."; \
		$(BIN)/python -m pytest tests/triage/store tests/api; \
	fi

# The fast lane for daily work: lint, then every test but the slow ones (-m "not slow": a real
# browser, a server or worker processes of their own, a PostgreSQL of their own; tests/conftest.py
# says which). `make test` stays the whole suite, which CI runs.
check: install compile-messages
	$(BIN)/ruff check --output-format concise triage api tests bench
	env -u TRIAGE_TEST_DATABASE_URL $(BIN)/python -m pytest -m "not slow" -n 2 --durations=10

# Known vulnerabilities in the installed dependencies (pip-audit): fails on one that has a fix.
audit: install
	$(BIN)/python scripts/audit-dependencies

lint: install
	$(BIN)/ruff check triage api tests bench

bench: install
	$(BIN)/python bench/score_speed.py --rows 1000000
	$(BIN)/python bench/desk_speed.py --comments 100000
	$(BIN)/python bench/api_speed.py
	$(BIN)/python bench/supervisor_speed.py
	$(BIN)/python bench/personal_data_eval.py
	$(BIN)/python bench/knowledge_eval.py
	$(BIN)/python bench/auto_resolve_day.py --comments 20000 --seconds-per-decision 20

# Rebuild the training splits from ../shared/corpora (needs the corpora folder).
data: install
	$(BIN)/triage data build

# Fits on data/splits (with leave-one-source-out refits for the card: several minutes).
train: install
	$(BIN)/triage train

train-accounts: install
	$(BIN)/triage train-accounts

# Per class, per source, the desk's tasks, confusion, calibration, on the held-out split (with the
# rows of unshipped sources when `make data` has rebuilt them); leave-one-source-out, the
# headline, from the card.
eval: install
	$(BIN)/triage evaluate --data data/splits/test.csv \
		$(if $(wildcard data/restricted/test.csv),--data data/restricted/test.csv)

# The permissive model (only sources whose licence allows redistribution) beside the full one.
permissive: install
	$(BIN)/triage data build --licences permissive
	$(BIN)/triage train --data data/permissive/splits --out models/triage-text-permissive
	$(BIN)/python bench/licence_compare.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
