# Build/test scaffolding for the multiprocessing.Process workbook.
# Run `make` (or `make help`) for the list of targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PORT ?= 8888
NO_BROWSER ?=
LAB_ARGS ?=
SITE_JOBS ?= 2
CHROMIUM ?= /usr/bin/chromium
NPM ?= npm
# The site's scripts (require.js, the Jupyter widget manager), pinned by package-lock.json.
SITE_ASSETS := tools/site-assets
SITE_MODULES := $(SITE_ASSETS)/node_modules
METHODS := fork spawn forkserver
NOTEBOOKS ?= notebooks/*.ipynb

# Jupyter refuses to run as root unless told to.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
BROWSER_FLAG := $(if $(NO_BROWSER),--no-browser)

.DEFAULT_GOAL := help
.PHONY: help venv lab test test-unit test-notebooks outputs html site-assets browser-deps test-browser bench lint clean

help:
	@echo "Targets:"
	@echo "  venv     create $(VENV) and install requirements.txt plus the helpers package"
	@echo "  lab      start JupyterLab on the notebooks (PORT=$(PORT), NO_BROWSER=1 to not open a browser,"
	@echo "           LAB_ARGS='...' extra options for jupyter lab)"
	@echo "  test     run the unit tests, then the notebooks under nbval for each start method ($(METHODS))"
	@echo "           (test-unit and test-notebooks run one half)"
	@echo "  outputs  re-execute every notebook in place to regenerate its stored outputs"
	@echo "           (NOTEBOOKS=notebooks/02_join.ipynb: only that one; also for test and html)"
	@echo "  html     execute and export every notebook to site/ (one page each, index.html; SITE_JOBS=$(SITE_JOBS) at a time);"
	@echo "           works offline: require.js and the widget manager are copied into site/static/"
	@echo "  site-assets  npm ci in $(SITE_ASSETS): the pinned scripts that html copies into site/"
	@echo "  browser-deps  install Debian's chromium for the browser tests if $(CHROMIUM) is missing (root)"
	@echo "  test-browser  build site/, then check it and JupyterLab in headless Chromium"
	@echo "  bench    run bench/bench.py"
	@echo "  lint     ruff check helpers tests bench tools"
	@echo "  clean    remove $(VENV), site/, $(SITE_MODULES) and caches"

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -r requirements.txt
	$(BIN)/pip install --no-deps -e .
	touch $@

lab: venv
	@echo "Open the URL that Jupyter prints below (with its token) in your browser."
	$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ALLOW_ROOT) $(BROWSER_FLAG) $(LAB_ARGS)

test: test-unit test-notebooks

test-unit: venv
	$(BIN)/python -m pytest tests -q

test-notebooks: venv
	set -e; for m in $(METHODS); do \
		echo "== notebooks with start method $$m =="; \
		WORKBOOK_START_METHOD=$$m $(BIN)/python -m pytest --nbval -q -p no:cacheprovider \
			--nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300 $(NOTEBOOKS); \
	done

outputs: venv
	WORKBOOK_START_METHOD=fork $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=300 --ExecutePreprocessor.shutdown_kernel=immediate \
		$(NOTEBOOKS)

html: venv site-assets
	$(BIN)/python tools/build_site.py --out site --jobs $(SITE_JOBS) --assets $(SITE_MODULES) $(NOTEBOOKS)

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

test-browser: browser-deps html
	WORKBOOK_BROWSER_TESTS=1 WORKBOOK_SITE_NOTEBOOKS='$(NOTEBOOKS)' CHROMIUM=$(CHROMIUM) \
		$(BIN)/python -m pytest -q tests/test_browser.py tests/test_lab.py

bench: venv
	$(BIN)/python bench/bench.py

lint: venv
	$(BIN)/ruff check helpers tests bench tools

clean:
	rm -rf $(VENV) site $(SITE_MODULES) .pytest_cache *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
