# Every command a developer, CI and the deploy workflow run. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := site
VENV := .venv
PY := $(VENV)/bin/python
# Re-install when the lock or the project's metadata (its entry points) change.
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)
# Debian packages the build needs: CJK fonts (figures, PDF), HarfBuzz subsetting
# (fast PDF font subsets), poppler (PDF tests), Chromium's headless shell (browser tests) and the
# full browser (Lighthouse, make bench), a Java runtime (the Nu HTML Checker, tests/test_html_valid.py).
APT_PACKAGES := fonts-noto-cjk fonts-dejavu-core libharfbuzz-subset0 poppler-utils chromium-headless-shell chromium default-jre-headless
export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= 1767484800

.PHONY: site engines serve check test test-fast generate system-deps install lock bench diff pdf clean schema translations translations-confirm confirm-translation

# The project itself is installed editable: that registers the `report` MkDocs plugin (an entry point).
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) system-deps

# As root (CI, a fresh machine) install what is missing; otherwise say what to install.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null && \
	  rm -f $$HOME/.cache/matplotlib/fontlist-*.json; \
	else \
	  echo "Missing Debian packages: $$missing"; echo "Install them with: sudo apt-get install $$missing"; \
	fi

check: $(STAMP)
	@$(PY) -m reportgen check

generate: install
	@$(PY) -m reportgen generate

schema: $(STAMP)
	@$(PY) -m reportgen schema

# Everything, in the order reportgen/build.py writes once: generate, the site (strict), the PDFs,
# into build/site.new, swapped into site/ only when all succeeded; one build at a time (a lock).
# ENGINE=properdocs builds the site with ProperDocs (the maintained fork of MkDocs 1.x).
ENGINE ?= mkdocs
site: install
	@$(PY) -m reportgen build --engine $(ENGINE)

# The same site built with ProperDocs (the maintained fork of MkDocs 1.x), compared byte for byte
# with site/ (the theme's generator tag aside): CI runs it after `make site`.
engines: install
	@$(PY) -m reportgen build --engine properdocs --site-dir build/site-properdocs
	@$(PY) -m reportgen.tools.sitediff site build/site-properdocs

# Preview: PORT= to choose the port, ONLY=zh|zh-Hant|en to build one edition (faster).
PORT ?= 8000
serve: generate
	$(if $(ONLY),REPORT_ONLY=$(ONLY) )$(PY) -m mkdocs serve --livereload -a 127.0.0.1:$(PORT)

# The whole suite, in parallel (pytest-xdist); test-fast leaves out what builds a site or drives a browser.
# worksteal: a worker that runs out of tests takes half of another's, so both finish together.
PYTEST := $(PY) -m pytest -q -n auto --dist worksteal
test: install
	$(PYTEST)

test-fast: $(STAMP)
	$(PYTEST) -m "not slow"

# Translation state of every English page and data string (current, outdated, missing), and glossary use.
translations: $(STAMP)
	@$(PY) -m reportgen translations

# Record that English text translates the current Chinese: every page and data string, or
# one page (PAGE=docs/en/x.md) or data string (KEY='indicators[x].label'). Never edit the hashes by hand.
translations-confirm: $(STAMP)
	@$(PY) -m reportgen confirm $(if $(PAGE)$(KEY),$(PAGE) $(if $(KEY),'$(KEY)'),--all)

# The one-page form the build's messages cite.
confirm-translation:
	@test -n "$(PAGE)" || { echo "usage: make confirm-translation PAGE=docs/en/<page>.md"; exit 2; }
	@$(MAKE) --no-print-directory translations-confirm PAGE=$(PAGE)

diff: $(STAMP)
	@$(PY) -m reportgen diff $(BASE)

bench: install
	$(PY) scripts/bench.py

lock:
	python3 -m venv build/lockenv && build/lockenv/bin/pip install -q . '.[test]' && \
	{ head -2 requirements.lock; build/lockenv/bin/pip freeze --all --exclude pip --exclude-editable | grep -v "^$$(sed -n 's/^name = "\(.*\)"/\1/p' pyproject.toml)=="; } > requirements.lock.new && \
	mv requirements.lock.new requirements.lock && rm -rf build/lockenv

clean:
	rm -rf build site docs/zh-Hant docs/*/figures docs/*/downloads
