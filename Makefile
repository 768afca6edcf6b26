# The project's commands. `make serve` and `make test` do all the set-up they need on a
# fresh machine (virtual environment, Python and npm packages, Debian's Chromium) and are
# quick when nothing changed: every set-up step is a stamp file that depends on its inputs.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
KB      := $(PY) -m kb
PORT    ?= 8000
# Absolute URLs (hreflang, sitemap) name the address the site is served at. The end-to-end
# tests serve it on their own port, so they build it for that address.
# The test build (KB_TEST_HOOKS=1) lets a test shorten the engine's start-up limit
# (?engine-timeout=); the published build ignores it.
E2E_PORT ?= 8765
SITE_URL ?= http://127.0.0.1:$(PORT)/
export SITE_URL
PYODIDE_DIR := build/pyodide
# nginx serves the site (make serve, the end-to-end tests, make bench) with deploy/'s
# configuration; Debian's brotli writes the precompressed .br files at build time.
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
# pytest, hypothesis and their dependencies as wheels for Pyodide (the engine tests run there too).
PYODIDE_TEST_WHEELS := build/pyodide-test-wheels
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup generate lint build serve preview test test-unit test-pyodide test-e2e wheel bench clean

help:
	@echo "make preview the docs team's live preview on http://127.0.0.1:$(PORT)/: follows every save of content/, errors in the page, translations at /_translations/"
	@echo "make serve   set up, generate, build both languages and serve them through nginx on http://127.0.0.1:$(PORT)/"
	@echo "make test    set up, then run every test (unit, Pyodide in Node.js, end-to-end in Chromium)"
	@echo "make build   the static site in site/ (precompressed) and its nginx configuration in build/nginx/"
	@echo "make bench   measurements: generator, engine, the build at 100 and 1000 articles, start-up against bare Pyodide, Lighthouse, through nginx (benchmarks/results.json)"
	@echo "make generate  regenerate docs/, docs_fr/ and the engine's data from content/"

# --- set-up -------------------------------------------------------------------------
$(VENV)/.installed: requirements.lock scripts/find-python pyproject.toml
	@py=$$(scripts/find-python); \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	    echo "set-up: creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium drives the end-to-end tests (Playwright cannot download browsers here).
/usr/bin/chromium:
	@echo "set-up: installing Debian's chromium (needs root and the Debian registry)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

/usr/bin/brotli:
	@echo "set-up: installing Debian's brotli (the build precompresses the site; needs root and the Debian registry)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli >/dev/null

# Debian's nginx may start its own service on port 80 when installed (`systemctl disable --now
# nginx` stops it); the project runs its own nginx, on its own port and files.
$(NGINX_BROTLI):
	@echo "set-up: installing Debian's nginx and its brotli_static module (make serve and the tests serve through nginx; needs root and the Debian registry)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-brotli-static >/dev/null

$(PYODIDE_TEST_WHEELS)/wheels.txt: requirements.lock tests/pyodide/fetch_test_wheels.py $(VENV)/.installed node_modules/.installed
	$(PY) tests/pyodide/fetch_test_wheels.py --dest $(PYODIDE_TEST_WHEELS)
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

# --- content → Markdown → site ----------------------------------------------------------
generate: $(VENV)/.installed
	$(KB) generate

lint: $(VENV)/.installed
	$(KB) lint

wheel: $(VENV)/.installed node_modules/.installed generate
	$(KB) pyodide-bundle --out $(PYODIDE_DIR)

# After MkDocs: the Content-Security-Policy with the hashes of the built pages' inline scripts,
# the nginx configuration beside it (build/nginx/), and the .br/.gz copies (cached by content).
build: wheel /usr/bin/brotli
	$(PY) -m mkdocs build --strict --quiet
	$(KB) csp site --out build/nginx/csp.conf
	$(KB) nginx assemble
	$(KB) precompress site
	@echo "site built in site/, its nginx configuration in build/nginx/"

# nginx in the foreground with the project's configuration (Ctrl-C stops it).
serve: build $(NGINX_BROTLI)
	$(KB) nginx serve --site site --port $(PORT)

# The docs team's live preview (kb/preview.py): regenerates and rebuilds on every save of
# content/, overrides/ or mkdocs.yml, missing French shown in English; not the release build.
# The troubleshooter page needs build/pyodide; a source that does not load yet still starts
# the preview, which shows the error in every page.
preview: $(VENV)/.installed node_modules/.installed
	$(KB) generate --preview || true
	$(KB) pyodide-bundle --out $(PYODIDE_DIR)
	$(PY) -m kb.preview --port $(PORT)

# --- tests --------------------------------------------------------------------------------
test-unit: $(VENV)/.installed generate
	$(BIN)/pytest -q tests/unit tests/engine

test-pyodide: wheel $(PYODIDE_TEST_WHEELS)/wheels.txt
	node tests/pyodide/run-engine-tests.mjs

test-e2e: /usr/bin/chromium $(NGINX_BROTLI)
	KB_TEST_HOOKS=1 $(MAKE) --no-print-directory build SITE_URL=http://127.0.0.1:$(E2E_PORT)/
	$(BIN)/pytest -q tests/e2e

# `generate --check` first: CI must fail when the committed docs/ are stale, not fix them.
test: $(VENV)/.installed /usr/bin/chromium $(NGINX_BROTLI) $(PYODIDE_TEST_WHEELS)/wheels.txt
	$(KB) generate --check
	KB_TEST_HOOKS=1 $(MAKE) --no-print-directory build SITE_URL=http://127.0.0.1:$(E2E_PORT)/
	$(BIN)/pytest -q tests/unit tests/engine
	node tests/pyodide/run-engine-tests.mjs
	$(BIN)/pytest -q tests/e2e

# Lighthouse (pinned in benchmarks/package.json) is installed for the benchmarks only.
benchmarks/node_modules/.installed: benchmarks/package.json benchmarks/package-lock.json
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	@touch $@

bench: build benchmarks/node_modules/.installed /usr/bin/chromium $(NGINX_BROTLI)
	$(PY) -m benchmarks
	$(PY) -m benchmarks.lighthouse

clean:
	rm -rf site build .pytest_cache
