# Build/test scaffolding for the multiprocessing.Process workbook.
# Run `make` (or `make help`) for the list of targets.

# PYTHON picks the interpreter (one of SUPPORTED_PYTHONS): `make test PYTHON=python3.14`.
# Each Python release gets its own venv, .venv/<major.minor.micro>, so switching never
# reuses another's (3.13.0 from pyenv and 3.13.15 from tools/pythons/forky included).
PYTHON ?= python3
PY_RELEASE := $(shell $(PYTHON) -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)
ifeq ($(PY_RELEASE),)
$(error PYTHON=$(PYTHON) is not a Python interpreter that runs here)
endif
PY_VERSION := $(basename $(PY_RELEASE))
# The one list of supported Pythons is pyproject.toml's classifiers (lesson 00 reads them too).
SUPPORTED_PYTHONS := $(shell sed -n 's/^ *"Programming Language :: Python :: \(3\.[0-9]*\)",*$$/\1/p' pyproject.toml)
VENV := .venv/$(PY_RELEASE)
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Python caches our modules' bytecode in __pycache__ (git ignores it), as it does on a
# learner's machine, even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# otherwise every interpreter the tests start -- each spawned child, kernel and script --
# compiles helpers/ again, and pytest rewrites every test module in every worker.
unexport PYTHONDONTWRITEBYTECODE

PORT ?= 8888
NO_BROWSER ?=
LAB_ARGS ?=
LAB_TOKEN ?=
SITE_JOBS ?= 2
CHROMIUM ?= /usr/bin/chromium
NPM ?= npm
# The site's scripts (require.js, the Jupyter widget manager), pinned by package-lock.json.
SITE_ASSETS := tools/site-assets
SITE_MODULES := $(SITE_ASSETS)/node_modules
METHODS := fork spawn forkserver
NOTEBOOKS ?= notebooks/*.ipynb
# make test runs the unit tests and the notebooks of each start method at the same time
# (they mostly sleep; TEST_JOBS=1 runs them one after the other), each with this many
# pytest-xdist workers (notebooks: one notebook per worker at a time, --dist loadfile).
# More workers finish sooner on an idle machine, but load the CPU more, and the lessons'
# stored outputs rely on short pauses (0.1-0.5 s) that a busy CPU stretches.  The unit
# tests get one more: alone, half of their time is waiting (on children, kernels, servers).
TEST_JOBS ?= 4
UNIT_WORKERS ?= 3
NOTEBOOK_WORKERS ?= 2
# ORDER_CHECKS=1 adds the two checks of a notebook's order, RERUN_METHODS and
# SHUFFLE_METHODS below (each cell run twice: they double those methods' time).  They
# test the notebooks' code -- does a cell depend on what ran before it in the kernel? --
# not this Python, so CI runs them on one Python per run (.ci/run: the newest).
ORDER_CHECKS ?=
# RERUN_METHODS also run every notebook twice in one kernel and compare the second run's
# outputs with the first's (--nbval-rerun), with RERUN_WORKERS workers.
RERUN_METHODS ?= $(if $(filter 1,$(ORDER_CHECKS)),fork)
RERUN_WORKERS ?= 2
# SHUFFLE_METHODS run each notebook's cells in a random order that keeps every cell after
# the cells it reads names from, each cell twice in a row, both runs compared with the
# stored outputs (--nbval-shuffle=SHUFFLE_SEED, tests/nbval_order.py): any cell may be run
# again, or after another that rebinds its names.  SHUFFLE_SEED is fixed so that CI is
# reproducible, but every seed must pass: SHUFFLE_SEED=7 replays the order of seed 7.
# A method cannot be in both RERUN_METHODS and SHUFFLE_METHODS (rerun wins).
SHUFFLE_METHODS ?= $(if $(filter 1,$(ORDER_CHECKS)),forkserver)
SHUFFLE_SEED ?= 1
# Each cell runs twice there, mostly waiting on its children: SHUFFLE_WORKERS workers.
SHUFFLE_WORKERS ?= 2
# SLOW_START_METHODS start every child of their notebooks late, by a random 0 to
# SLOW_START s (tests/slowstart): a stored claim that relies on a child starting within
# a pause fails there on almost every run, not once a week on a busy CI machine.
# Their children mostly wait, so they get SLOW_START_WORKERS workers.
SLOW_START_METHODS ?= spawn
SLOW_START ?= 0.5
SLOW_START_WORKERS ?= 2
# no more workers than notebooks (NOTEBOOKS=notebooks/02_join.ipynb needs one)
at_most_notebooks = $(shell n=$(words $(wildcard $(NOTEBOOKS))); echo $$(( n < $(1) ? n : $(1) )))

# Jupyter refuses to run as root unless told to.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
BROWSER_FLAG := $(if $(NO_BROWSER),--no-browser)

.DEFAULT_GOAL := help
.PHONY: supported-pythons help venv lab test test-unit test-notebooks $(METHODS:%=test-notebooks-%) outputs html \
	site-assets browser-deps screenshot test-browser bench lint clean

help:
	@echo "Targets:"
	@echo "  venv     create $(VENV) (one venv per Python) and install requirements.txt plus the helpers package"
	@echo "           PYTHON=... picks the interpreter for venv, lab, test...: Python $(SUPPORTED_PYTHONS)"
	@echo "  lab      start JupyterLab on the notebooks, and print the URL that opens lesson 00 (PORT=$(PORT),"
	@echo "           NO_BROWSER=1 to not open a browser, LAB_TOKEN=... its token, LAB_ARGS='...' for jupyter lab)"
	@echo "  test     run the unit tests and the notebooks under nbval for each start method ($(METHODS)),"
	@echo "           all at the same time (test-unit, test-notebooks, test-notebooks-fork... run parts);"
	@echo "           ORDER_CHECKS=1 adds the checks of each notebook's order (CI: on one Python): the notebooks"
	@echo "           of RERUN_METHODS=$(or $(RERUN_METHODS),fork) also run twice in one kernel; those of"
	@echo "           SHUFFLE_METHODS=$(or $(SHUFFLE_METHODS),forkserver) run their cells in a random order that keeps"
	@echo "           each after the cells it reads from, each cell twice (SHUFFLE_SEED=$(SHUFFLE_SEED); any seed must pass)"
	@echo "  outputs  re-execute every notebook in place to regenerate its stored outputs"
	@echo "           (NOTEBOOKS=notebooks/02_join.ipynb: only that one; also for test and html)"
	@echo "  html     execute and export every notebook to site/ (one page each, index.html; SITE_JOBS=$(SITE_JOBS) at a time);"
	@echo "           works offline: require.js and the widget manager are copied into site/static/"
	@echo "  site-assets  npm ci in $(SITE_ASSETS): the pinned scripts that html copies into site/"
	@echo "  browser-deps  install Debian's chromium for the browser tests if $(CHROMIUM) is missing (root)"
	@echo "  test-browser  build site/ (of the stored outputs), then check it and JupyterLab in headless Chromium"
	@echo "  screenshot  the README's picture, $(SCREENSHOT_DIR)/: lesson 01 run in make lab, in headless Chromium"
	@echo "           (SHOTS='LESSON:CELL[:BUTTON] ...' others: 02_join:19:'start the children' presses it first)"
	@echo "  bench    run bench/bench.py, then time make test against its floor (bench/suite_time.py)"
	@echo "  lint     ruff check helpers tests bench tools; actionlint on .github/workflows"
	@echo "  clean    remove $(VENV), site/, $(SITE_MODULES) and caches"

supported-pythons:
	@echo $(SUPPORTED_PYTHONS)

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@case " $(SUPPORTED_PYTHONS) " in *" $(PY_VERSION) "*) ;; *) \
		echo "Python $(PY_VERSION) ($(PYTHON)) is not supported: use one of $(SUPPORTED_PYTHONS), e.g. make $(MAKECMDGOALS) PYTHON=python$(lastword $(SUPPORTED_PYTHONS))" >&2; exit 1;; esac
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -r requirements.txt
	$(BIN)/pip install --no-deps -e .
	touch $@

# JupyterLab set up for the course: its settings' defaults from tools/lab/overrides.json
# (no question about news on the first page), the lessons trusted (their stored outputs
# were made by `make outputs`, and the server says so for every lesson it opens if not),
# lesson 00 opened.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# ... and its custom CSS (tools/lab/custom/custom.css: a long printed line wraps between
# words).  JupyterLab reads it only from its config directory, so make lab gives it one
# of the course's own, in the venv: your ~/.jupyter stays as it is, and unread by it.
LAB_CONFIG := $(abspath $(VENV))/jupyter-config
LAB_CSS := $(LAB_CONFIG)/custom/custom.css

$(LAB_SETTINGS): tools/lab/overrides.json $(STAMP)
	mkdir -p $(dir $@)
	cp $< $@

$(LAB_CSS): tools/lab/custom/custom.css $(STAMP)
	mkdir -p $(dir $@)
	cp $< $@

# The URL printed first opens lesson 00 itself (Jupyter's own opens the Launcher), with
# the token given to the server (LAB_TOKEN, else JUPYTER_TOKEN, else a new one) through
# its environment.  Another program on PORT: the server says so and stops, rather than
# take another port.  (So LAB_ARGS sets no port, token or base URL: use PORT, LAB_TOKEN.)
lab: venv $(LAB_SETTINGS) $(LAB_CSS)
	@$(BIN)/jupyter trust notebooks/*.ipynb > /dev/null
	@token="$(or $(LAB_TOKEN),$(JUPYTER_TOKEN),$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(24))'))"; \
	echo "Open lesson 00 in your browser: http://localhost:$(PORT)/lab/tree/00_start_here.ipynb?token=$$token"; \
	echo "(Ctrl-C twice here stops JupyterLab.)"; \
	JUPYTER_TOKEN="$$token" JUPYTER_CONFIG_DIR=$(LAB_CONFIG) exec $(BIN)/jupyter lab \
		--notebook-dir=notebooks --port=$(PORT) --ServerApp.port_retries=0 \
		--LabApp.custom_css=True $(ALLOW_ROOT) $(BROWSER_FLAG) $(LAB_ARGS) notebooks/00_start_here.ipynb

# Each part prints its output when it is done (--output-sync).  WORKBOOK_LEAK_TAG marks
# every process a part starts, so that its end-of-session leak check finds even those
# that escaped it (tests/leakcheck.py).
# ... and then whatever the whole run left in /dev/shm that nobody uses fails it (tests/shm_left.py)
test: venv
	@echo "== unit tests and notebooks ($(METHODS)) at the same time; each reports when done =="
	@began=$$(date +%s); \
	$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target test-unit $(METHODS:%=test-notebooks-%); \
	status=$$?; \
	$(BIN)/python -m tests.shm_left $$began || status=1; \
	exit $$status

test-unit: venv
	WORKBOOK_LEAK_TAG=unit-$$$$ $(BIN)/python -m pytest tests -q -n $(UNIT_WORKERS) --dist loadfile

test-notebooks: venv
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target $(METHODS:%=test-notebooks-%)

$(METHODS:%=test-notebooks-%): test-notebooks-%: venv
	@echo "== notebooks with start method $* =="
	WORKBOOK_START_METHOD=$* WORKBOOK_LEAK_TAG=notebooks-$*-$$$$ \
		$(if $(filter $*,$(SLOW_START_METHODS)),PYTHONPATH=$(CURDIR)/tests/slowstart WORKBOOK_SLOW_START=$(SLOW_START)) \
		$(BIN)/python -m pytest --nbval -q \
		--dist loadfile $(if $(filter $*,$(RERUN_METHODS)),--nbval-rerun -n $(call at_most_notebooks,$(RERUN_WORKERS)),-n $(call at_most_notebooks,$(if $(filter $*,$(SLOW_START_METHODS)),$(SLOW_START_WORKERS),$(if $(filter $*,$(SHUFFLE_METHODS)),$(SHUFFLE_WORKERS),$(NOTEBOOK_WORKERS)))) $(if $(filter $*,$(SHUFFLE_METHODS)),--nbval-shuffle=$(SHUFFLE_SEED))) \
		--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300 $(NOTEBOOKS)

# The platform's own start method, as a learner's first run gets (fork on Linux up to
# Python 3.13): the first line of every lesson says so, and is true for that learner.
# (the kernel asked to shut down, not killed, so that its exit handlers unlink the
# named semaphores of its spawn and forkserver locks: killed, 9 were left in /dev/shm)
outputs: venv
	env -u WORKBOOK_START_METHOD $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=300 --ExecutePreprocessor.shutdown_kernel=graceful \
		$(NOTEBOOKS)

html: venv site-assets
	$(BIN)/python -m tools.site --out site --jobs $(SITE_JOBS) --assets $(SITE_MODULES) $(SITE_OPTIONS) $(NOTEBOOKS)

# npm ci installs exactly what package-lock.json pins (versions and integrity hashes);
# node_modules/.package-lock.json is npm's record of that install, used as the stamp.
site-assets: $(SITE_MODULES)/.package-lock.json

$(SITE_MODULES)/.package-lock.json: $(SITE_ASSETS)/package.json $(SITE_ASSETS)/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install npm)" >&2; exit 1; }
	cd $(SITE_ASSETS) && $(NPM) ci --ignore-scripts --no-audit --no-fund
	touch $@

# The browser tests drive Debian's chromium with Playwright (pinned in requirements.txt);
# Playwright's own browser downloads are not used.
browser-deps:
	@if [ -x $(CHROMIUM) ]; then echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; \
	else echo "Install Debian's chromium first: sudo apt-get install --no-install-recommends chromium" >&2; exit 1; fi

# The README's picture of a lesson in JupyterLab, from a real run: make lab, Run All, and
# the page at 1400x900 with cell SHOTS scrolled to the top (tools/lab/screenshots.py).
SCREENSHOT_DIR := docs
SHOTS ?= 01_start:8
screenshot: venv browser-deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m tools.lab.screenshots $(SCREENSHOT_DIR) --prefix jupyterlab- $(SHOTS)

# The browser tests look at pages: their site shows the stored outputs (which make test
# checks are what a run gives) instead of running every lesson once more.  Two workers
# (BROWSER_WORKERS), each with a JupyterLab of its own for the lessons it runs: a
# lesson's Run All is mostly waiting (on its children, its sleeps, the page).
BROWSER_WORKERS ?= 2
test-browser: SITE_OPTIONS = --stored
test-browser: browser-deps html
	WORKBOOK_BROWSER_TESTS=1 WORKBOOK_SITE_NOTEBOOKS='$(NOTEBOOKS)' CHROMIUM=$(CHROMIUM) \
		$(BIN)/python -m pytest -q -n $(BROWSER_WORKERS) --dist load --durations=10 \
		tests/test_browser.py tests/test_lab.py

# suite_time.py: the floor of make test (kernel starts + the lessons' deliberate sleeps),
# then make test itself, BENCH_SUITE_RUNS=2 times, and the ratio; then BENCH_LOAD_RUNS=5
# runs of make test with BENCH_LOAD_LOOPS=2 busy CPU loops alongside, and how many passed.
bench: venv
	$(BIN)/python bench/bench.py
	PYTHON='$(PYTHON)' RERUN_METHODS='$(RERUN_METHODS)' SHUFFLE_METHODS='$(SHUFFLE_METHODS)' NOTEBOOKS='$(NOTEBOOKS)' $(BIN)/python bench/suite_time.py

lint: venv
	$(BIN)/ruff check helpers tests bench tools
	$(BIN)/actionlint .github/workflows/*.yml

clean:
	rm -rf .venv site $(SITE_MODULES) .pytest_cache *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
