# pgref -- the two set-up commands are `make serve` and `make test`.
#
#   make venv     create .venv and install pgref editable with test+docs extras
#                 (re-runs only when pyproject.toml changes)
#   make test     the whole test suite (unit, property, differential against a
#                 throwaway PostgreSQL 15, docs build), in parallel
#   make serve    run pgref on DATA (default: data/) at 127.0.0.1:5433
#   make bench    embedded benchmark: pgref vs PostgreSQL vs SQLite
#   make bench-pgbench  pgbench (select-only, TPC-B-like) against pgref and PostgreSQL
#   make regress  replay PostgreSQL 15's regression suite against pgref (python -m regress)
#   make docs     build the documentation site into site/
#   make clean    remove build products (keeps .venv and data/)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DATA   ?= data/
HOST   ?= 127.0.0.1
PORT   ?= 5433
PYTEST_ARGS ?=

.PHONY: venv test serve regress bench bench-pgbench docs clean distclean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test,docs]'
	@touch $(STAMP)

# The warm-up builds PLY's cached parser tables once, before the xdist
# workers start (otherwise each worker would generate them on a fresh clone).
test: venv
	scripts/setup_jdbc.sh || test $$? -eq 2
	$(PY) -c "from pgref.sql.parser import parse; parse('SELECT 1')"
	$(PY) -m pytest -n auto -q $(PYTEST_ARGS)

serve: venv
	$(VENV)/bin/pgref serve -D $(DATA) --host $(HOST) --port $(PORT)

regress: venv
	$(PY) -m regress

bench: venv
	$(PY) benchmarks/embedded.py

bench-pgbench: venv
	$(PY) benchmarks/pgbench.py

docs: venv
	$(VENV)/bin/mkdocs build --strict --site-dir site

clean:
	rm -rf site build dist .pytest_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
