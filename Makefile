# lstm-course: `make lab` to learn, `make test` to check everything. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := lstm-course
# jupyter refuses to run as root without --allow-root; a learner's laptop does not need it.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NBVAL_FLAGS := --nbval --nbval-current-env --nbval-cell-timeout=600 \
               --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider
NB ?= notebooks/*.ipynb

.PHONY: setup lab test unit nbval lint format execute bench progress clean

# Installs only when requirements.txt or pyproject.toml changed since the last install.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "lstm-course needs Python 3.10 or newer; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV): on Debian/Ubuntu run 'sudo apt install python3-venv'"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) \
	  --display-name "Python (lstm-course)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP)

lab: setup
	cd notebooks && ../$(BIN)/jupyter lab 00_welcome.ipynb $(ROOT_FLAG)

test: setup lint unit nbval

unit: setup
	$(BIN)/python -m pytest tests

nbval: setup
	$(BIN)/python -m pytest $(NBVAL_FLAGS) notebooks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-execute notebooks in place, top to bottom in a fresh kernel, before committing them:
#   make execute NB=notebooks/03_lstm_gate_by_gate.ipynb
execute: setup
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.kernel_name=$(KERNEL) --ExecutePreprocessor.timeout=600 $(NB)

# Speed of the hand-rolled code against the library, and of every notebook: see README.md.
#   make bench ARGS="--quick"    (python -m benchmarks --help lists the options)
bench: setup
	$(BIN)/python -m benchmarks $(ARGS)

# Which exercises you have passed (from the local, git-ignored record the checks keep).
progress: setup
	$(BIN)/python -m lstm_course.exercises

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
