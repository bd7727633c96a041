# lstm-course: `make lab` to learn, `make test` to check everything, `make help` for the rest.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# One stamp per install, each redone only when its inputs change. STAMP: requirements.txt, the
# package, the kernel and the JupyterLab defaults; DEV_STAMP: also requirements-dev.txt (the test,
# lint and browser tools); LINT_STAMP: ruff alone, at its pin in requirements-dev.txt.
STAMP      := $(VENV)/.installed
DEV_STAMP  := $(VENV)/.installed-dev
LINT_STAMP := $(VENV)/.installed-ruff
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
RUFF   := $(shell sed -n 's/^\(ruff==[^ ;\#]*\).*/\1/p' requirements-dev.txt)
KERNEL := lstm-course
# jupyter refuses to run as root without --allow-root; a learner's laptop does not need it.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# nbval runs the notebooks NBVAL_WORKERS at a time (pytest-xdist; one notebook per worker, its
# cells in order). The NumPy lessons use one core each, so 2 workers halve their time.
NBVAL_WORKERS ?= 2
# The longest notebooks go first (benchmarks/results/notebook_times.csv, from `make bench`), so
# the two workers do not end with the two longest side by side after the short ones.
XDIST := -n $(NBVAL_WORKERS) --dist loadfile --no-loadscope-reorder
# ... and each notebook's TensorFlow one thread: two single-threaded trainings side by side beat
# two that each use both cores (lstm_course.course.setup.tensorflow_threads). `make lab` and
# `make execute` leave TensorFlow its own choice.
NBVAL_TF_THREADS ?= 1
# The unit tests two files at a time too (tests that share a module fixture stay together).
UNIT_WORKERS ?= 2
NBVAL_FLAGS := -p nbval --nbval --nbval-current-env --nbval-cell-timeout=600 \
               --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider $(XDIST)
LONGEST_FIRST := $(shell awk -F, 'NR > 1 {print $$2, "notebooks/" $$1}' \
                   benchmarks/results/notebook_times.csv 2>/dev/null | sort -rn | cut -d' ' -f2)
LONGEST_FIRST := $(filter $(wildcard notebooks/*.ipynb),$(LONGEST_FIRST))
NB ?= $(LONGEST_FIRST) $(filter-out $(LONGEST_FIRST),$(wildcard notebooks/*.ipynb))
# Notebooks run by make (nbval, execute) keep their exercise checks out of the learner's own
# progress record (lstm_course/exercises/record.py).
NB_ENV := LSTM_COURSE_PROGRESS=$(CURDIR)/.pytest_cache/notebook-progress.json
# The second nbval pass: another seed, on the SIMD path of a CPU without AVX-512 (NumPy's
# AVX-512 kernels off, oneDNN capped at AVX2). Outputs are not compared (--nbval-lax), every
# assert must hold. See CONTRIBUTING.md, "What nbval compares".
SEED ?= 1
AVX2_ONLY := NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL" ONEDNN_MAX_CPU_ISA=AVX2

.DEFAULT_GOAL := help
.PHONY: help setup setup-dev lab test unit nbval nbval-seed lint format execute bench progress clean \
        test-backends browser

help: ## list the targets (what `make` alone does)
	@echo "lstm-course (README.md; CONTRIBUTING.md for maintainers): make TARGET, one of"
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/\1|\2/p' $(firstword $(MAKEFILE_LIST)) | \
	  awk -F'|' '{ printf "  %-14s %s\n", $$1, $$2 }'

# The virtual environment, made once with a Python TensorFlow has wheels for.
$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' || \
	  { echo "lstm-course runs on Python 3.10, 3.11, 3.12 or 3.13 (TensorFlow 2.21 has no wheels for"; \
	    echo "others); $(PYTHON) is $$($(PYTHON) --version 2>&1). Install one of them and run, e.g.,"; \
	    echo "'make lab PYTHON=python3.12' (remove $(VENV)/ first if it was made with another Python)."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV): on Debian/Ubuntu run 'sudo apt install python3-venv'"; exit 1; }

# The kernel and the JupyterLab defaults: the same module README's pip route runs.
$(STAMP): requirements.txt pyproject.toml lstm_course/course/lab-overrides.json5 | $(BIN)/python
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	$(BIN)/python -m lstm_course.course.jupyter
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	@touch $(DEV_STAMP)

$(LINT_STAMP): requirements-dev.txt | $(BIN)/python
	@test -n "$(RUFF)" || { echo "requirements-dev.txt pins no ruff==VERSION"; exit 1; }
	$(PIP) "$(RUFF)"
	@touch $(LINT_STAMP)

setup: $(STAMP) ## install what the lessons need into .venv/ (done by `make lab`)

setup-dev: $(DEV_STAMP) ## install the lessons' packages and the test tools (done by `make test`)

lab: setup ## set up and open the course in JupyterLab
	cd notebooks && $(abspath $(BIN))/jupyter lab 00_welcome.ipynb $(ROOT_FLAG)

test: lint unit nbval ## set up, then lint, unit tests and every notebook through nbval

unit: setup-dev ## unit tests, browser test included (ARGS="-m 'not browser'" skips it)
	$(BIN)/python -m pytest -p no:nbval -n $(UNIT_WORKERS) --dist loadfile tests $(ARGS)

# Playwright's own Chromium build, for the browser test (tests/browser/) where no Chromium is
# installed (Debian/Ubuntu: `sudo apt-get install chromium` instead). It downloads it once into
# Playwright's cache (~/.cache/ms-playwright/ on Linux); the test finds it there.
browser: setup-dev ## install Playwright's Chromium for the browser test
	$(BIN)/python -m playwright install chromium

nbval: setup-dev ## run every notebook (or NB=...) and compare its outputs with the committed ones
	$(NB_ENV) LSTM_COURSE_TF_THREADS=$(NBVAL_TF_THREADS) $(BIN)/python -m pytest $(NBVAL_FLAGS) $(NB)

# Every notebook's asserts with another seed on the AVX2-only path (CI runs it after `make test`):
#   make nbval-seed SEED=2
nbval-seed: setup-dev ## every notebook's asserts with SEED=1 (or another) on the AVX2-only path
	$(NB_ENV) LSTM_COURSE_SEED=$(SEED) LSTM_COURSE_TF_THREADS=$(NBVAL_TF_THREADS) $(AVX2_ONLY) $(BIN)/python -m pytest -p nbval --nbval-lax \
	  --nbval-current-env --nbval-cell-timeout=600 -p no:cacheprovider $(XDIST) $(NB)

# Lesson 05's cell on the PyTorch backend too (tests/test_backends.py runs TensorFlow and JAX in
# every `make unit`). PyTorch is not in requirements-dev.txt: its default Linux wheel on PyPI
# (527 MB for 2.13.0) pulls in 15 NVIDIA CUDA packages (cuDNN, cuBLAS, NCCL, ...) and Triton.
# This target installs the CPU-only wheel (192 MB; 0.9 GB installed) from PyTorch's own index
# into .venv/, once; TORCH_INDEX= (empty) leaves pip to its configured indexes.
TORCH       ?= torch==2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH_STAMP := $(VENV)/.installed-torch
$(TORCH_STAMP): $(DEV_STAMP)
	$(PIP) $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) "$(TORCH)"
	@touch $(TORCH_STAMP)

test-backends: $(TORCH_STAMP) ## lesson 05's cell on TensorFlow, JAX and PyTorch (installs CPU torch)
	LSTM_COURSE_TORCH=1 $(BIN)/python -m pytest -p no:nbval tests/test_backends.py $(ARGS)

# Ruff alone: linting does not need TensorFlow installed.
lint: $(LINT_STAMP) ## ruff check and ruff format --check (notebooks included)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(LINT_STAMP) ## ruff's fixes and formatting, in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-execute notebooks in place, top to bottom in a fresh kernel, before committing them:
#   make execute NB=notebooks/03_lstm_gate_by_gate.ipynb
execute: setup-dev ## re-execute notebooks (NB=...) in place in a fresh kernel
	$(NB_ENV) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.kernel_name=$(KERNEL) --ExecutePreprocessor.timeout=600 \
	  --ExecutePreprocessor.store_widget_state=False $(NB)

# Speed of the hand-rolled code against the library, and of every notebook: benchmarks/README.md.
#   make bench ARGS="--quick"    (python -m benchmarks --help lists the options)
bench: setup-dev ## speed of the NumPy code against Keras, and of every notebook (ARGS=...)
	$(BIN)/python -m benchmarks $(ARGS)

# Which exercises you have passed (from the local, git-ignored record the checks keep).
progress: setup ## which exercises you have passed
	$(BIN)/python -m lstm_course.exercises

clean: ## remove .venv/ and the caches
	rm -rf $(VENV) .pytest_cache .ruff_cache
