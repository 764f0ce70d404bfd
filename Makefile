# The two commands: `make train` and `make test`. Both set everything up on a fresh machine and are idempotent.
# For readers: `make lab` (JupyterLab on nbs/), `make docs` (the series as a website in _docs/). For contributors:
# `make export`, `make sync`, `make readme`, `make test-slow`, `make test-browser` (not in CI: a notebook and the
# playground in JupyterLab, and the built site, in headless Chromium).
SHELL    := /bin/bash
VENV     ?= .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
DATA_DIR := /usr/share/datasets/fashion-mnist
# `make train` runs the quickest recipe past 0.915 into runs/train. ARGS replaces the recipe (ARGS='--recipe chapter'
# for the chapter's run; an --out in ARGS wins). Run again with the same ARGS, it continues, or reports, the run in
# runs/train (--reuse); with other options it refuses, and says how to replace that run.
TRAIN    := --out runs/train --reuse
ARGS     ?= --recipe fast-wide

.PHONY: train test test-slow data install readme export sync lab lab-install docs test-browser browser-deps clean-nbs

train: install data
	ACCEL_SGD_MAKE='$(TRAIN)' $(BIN)/accel_sgd train $(TRAIN) $(ARGS)

test: install data
	@BIN=$(BIN) bash tools/test_notebooks.sh

test-slow: install data            ## also run the cells flagged `#| slow`
	@BIN=$(BIN) FLAGS=slow bash tools/test_notebooks.sh

install: $(STAMP)

$(BIN)/python:
	python3 -m venv $(VENV)

# Reinstall only when the package's metadata changed.
$(STAMP): setup.py settings.ini | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

# Debian's package holds the four original files; without apt (or root) the loader falls back to its other places.
data:
	@if [ -d $(DATA_DIR) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then S=""; elif sudo -n true 2>/dev/null; then S="sudo -n"; else S=none; fi; \
	if command -v apt-get >/dev/null && [ "$$S" != none ]; then \
	  apt-cache show dataset-fashion-mnist >/dev/null 2>&1 || $$S apt-get update -qq; \
	  $$S apt-get install -y -qq dataset-fashion-mnist; \
	else echo "note: $(DATA_DIR) is missing and apt-get is not usable here; the loader will try \$$FASHION_MNIST, the cache, then a download."; fi

readme: install                     ## README.md from nbs/index.ipynb
	$(BIN)/python tools/make_readme.py

export: install                     ## accel_sgd/ from nbs/, and clean notebooks
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean

sync: install                       ## is accel_sgd/ what nbs/ exports? (changes nothing; `make test` runs it too)
	@BIN=$(BIN) bash tools/check_sync.sh

# JupyterLab and the playground's ipywidgets are not dependencies of the package: they go into .venv the first time
# they are asked for.
LAB_REQ  := jupyterlab>=4,<5 ipywidgets>=8.1,<9
lab-install: install
	@$(BIN)/python -c "import jupyterlab, ipywidgets" 2>/dev/null || { echo "installing JupyterLab and ipywidgets into $(VENV) (first use only)"; \
	  $(BIN)/python -m pip install -q $(foreach r,$(LAB_REQ),"$(r)"); }

LAB_ARGS ?=
lab: lab-install data               ## JupyterLab on nbs/, on a free port of this machine; prints the URL once it answers
	@$(BIN)/python tools/lab.py $(LAB_ARGS)

# Debian's chromium and chromium-driver (apt, as root or with passwordless sudo) and selenium (pip, into .venv).
BROWSER_REQ := selenium>=4.11,<5
browser-deps: lab-install
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then S=""; elif sudo -n true 2>/dev/null; then S="sudo -n"; else \
	    echo "make test-browser needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver"; exit 2; fi; \
	  $$S apt-get install -y -qq chromium chromium-driver || { $$S apt-get update -qq && $$S apt-get install -y -qq chromium chromium-driver; }; \
	fi
	@$(BIN)/python -c "import selenium" 2>/dev/null || $(BIN)/python -m pip install -q "$(BROWSER_REQ)"

# nbconvert renders the pages from the committed outputs (nothing runs); nbdev's show_doc the API pages.
docs: install                       ## the series as a website in _docs/, built offline; open _docs/index.html
	$(BIN)/python tools/build_docs.py

test-browser: browser-deps data docs  ## tools/browser_check.py: browser_demo.ipynb and the playground in JupyterLab, and _docs/, in headless Chromium
	$(BIN)/python tools/browser_check.py
