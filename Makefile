# Partnering with the Business - the two commands are `make lab` and `make test`.
# Both create .venv when missing; a second run reinstalls only if pyproject.toml or
# constraints.txt changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NB ?= notebooks/00_start_here.ipynb
PORT ?= 8866

.PHONY: lab test lint unit notebooks browser present handouts bench clean help

help:
	@echo "make lab      - JupyterLab on the whole kit, start page first (PORT=... to pick a port)"
	@echo "make test     - lint + unit + notebook (nbval) + browser tests (creates .venv)"
	@echo "make present NB=notebooks/01_...ipynb - show one notebook in Voila, code hidden,"
	@echo "               large charts, nothing fetched from the internet"
	@echo "make handouts - offline HTML notebooks and printable role cards into build/"
	@echo "make bench    - benchmarks (figures only; never fails on a slow machine)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@ $(VENV)/.installed-run

# JupyterLab refuses to run as root unless told; only then add the flag.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# The kit folder is the server's root, so the file browser shows exercises/, instructor/ and
# data/ and every relative link on the start page resolves; $(NB) opens first. PORT=8890 make lab
# (or make lab PORT=8890) picks the port; without it JupyterLab uses its own default (8888).
LAB_PORT_FLAG := $(if $(filter-out file default undefined,$(origin PORT)),--port=$(PORT),)

lab: $(VENV)/.installed-run
	$(BIN)/jupyter lab $(ROOT_FLAG) $(LAB_PORT_FLAG) --ServerApp.root_dir=. $(NB)

# Voila with code hidden, the kit's pk-present template (large type, no CDN) and
# PARTNERKIT_PRESENT=1 (large charts): see src/partnerkit/present/__init__.py.
present: $(VENV)/.installed-run
	$(BIN)/python -m partnerkit.present $(NB) --port=$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# two workers (pytest-xdist); --dist loadfile keeps a notebook's cells (nbval) on one worker
PYTEST_WORKERS ?= 2

test: lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit

notebooks: $(VENV)/.installed-test
	$(BIN)/python -m pytest notebooks exercises instructor tests/notebooks

browser: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/browser

handouts: $(VENV)/.installed-test
	$(BIN)/python -m partnerkit.handouts build

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

clean:
	rm -rf build .pytest_cache .ruff_cache
