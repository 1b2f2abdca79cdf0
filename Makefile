# `make run`: set up, code the bundled examples into a DuckDB file, print the top dyads.
# `make test`: set up and run the test suite.
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= examples.duckdb
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench bench-ingest eval clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/dyadwatch run examples/ --db $(DB)
	$(VENV)/bin/dyadwatch stats --db $(DB)

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py --docs 2000

bench-ingest: $(STAMP)
	$(PY) benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
