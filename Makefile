# The two commands: `make train` and `make test`. Both set everything up on a fresh machine and are idempotent.
SHELL    := /bin/bash
VENV     ?= .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
DATA_DIR := /usr/share/datasets/fashion-mnist
ARGS     ?= --out runs/train

.PHONY: train test test-slow data install readme export clean-nbs

train: install data
	$(BIN)/accel_sgd train $(ARGS)

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
