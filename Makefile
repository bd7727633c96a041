# lstm-course: `make lab` to learn, `make test` to check everything. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := lstm-course
# jupyter refuses to run as root without --allow-root; a learner's laptop does not need it.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# nbval runs the notebooks NBVAL_WORKERS at a time (pytest-xdist; one notebook per worker, its
# cells in order). The NumPy lessons use one core each, so 2 workers halve their time.
NBVAL_WORKERS ?= 2
XDIST := -n $(NBVAL_WORKERS) --dist loadfile
NBVAL_FLAGS := --nbval --nbval-current-env --nbval-cell-timeout=600 \
               --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider $(XDIST)
NB ?= notebooks/*.ipynb
# The second nbval pass: another seed, on the SIMD path of a CPU without AVX-512 (NumPy's
# AVX-512 kernels off, oneDNN capped at AVX2). Outputs are not compared (--nbval-lax), every
# assert must hold. See README, "What nbval compares".
SEED ?= 1
AVX2_ONLY := NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL" ONEDNN_MAX_CPU_ISA=AVX2

.PHONY: setup lab test unit nbval nbval-seed lint format execute bench progress clean

# Installs only when requirements.txt or pyproject.toml changed since the last install.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "lstm-course runs on Python 3.10, 3.11, 3.12 or 3.13 (TensorFlow 2.21 has no wheels for"; \
	    echo "others); $(PYTHON) is $$($(PYTHON) --version 2>&1). Install one of them and run, e.g.,"; \
	    echo "'make lab PYTHON=python3.12' (remove .venv/ first if it was made with another Python)."; exit 1; }
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
	$(BIN)/python -m pytest $(NBVAL_FLAGS) $(NB)

# Every notebook's asserts with another seed on the AVX2-only path (CI runs it after `make test`):
#   make nbval-seed SEED=2
nbval-seed: setup
	LSTM_COURSE_SEED=$(SEED) $(AVX2_ONLY) $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=600 -p no:cacheprovider $(XDIST) $(NB)

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
