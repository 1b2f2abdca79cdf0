# `make run`: set up, code the bundled examples into a DuckDB file, print the top dyads.
# `make test`: set up and run the test suite (installs Debian's chromium for the browser tests
# when it is missing and apt-get can run; without it those tests skip).
# `make serve`: the dashboard and API over examples.duckdb on http://127.0.0.1:8000/.
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= examples.duckdb
# Two stamps: `make run` installs the runtime (and the analysis extra that reads the exports in
# pandas); `make test` adds the test and lint tools of the dev extra.
RUN_STAMP := $(VENV)/.runtime-stamp
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench bench-full bench-ingest bench-serve serve chromium eval clean setup

setup: $(STAMP)

$(RUN_STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[analysis]'
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(RUN_STAMP)
	$(VENV)/bin/dyadwatch run examples/ --db $(DB)
	$(VENV)/bin/dyadwatch stats --db $(DB)

test: $(STAMP) chromium
	$(PY) -m pytest -q

# Idempotent and quiet: nothing happens when /usr/bin/chromium exists.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; \
	  else echo "chromium is missing and apt-get cannot run here: browser tests will skip"; exit 0; fi; \
	  echo "installing Debian's chromium for the browser tests ..."; \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	      chromium >/dev/null ) || echo "could not install chromium: browser tests will skip"; \
	fi

serve: $(RUN_STAMP)
	test -f $(DB) || $(MAKE) run
	$(VENV)/bin/dyadwatch serve --db $(DB)

# Whole pipeline into a temporary DuckDB: one process, then all cores (docs/s, peak memory).
bench: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py --docs 2000 --modes single,multi

# The whole 38k-document corpus with all cores (run it on a quiet machine).
bench-full: $(STAMP)
	$(PY) benchmarks/bench_pipeline.py --docs all --modes multi

bench-ingest: $(STAMP)
	$(PY) benchmarks/bench_ingest.py

bench-serve: $(STAMP)
	$(PY) benchmarks/bench_serve.py --events 100000

clean:
	rm -rf $(VENV) $(DB) .pytest_cache tests/artifacts
