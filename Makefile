# Two entry points, each self-contained on a fresh machine with Python 3.11:
#   make serve   -> install into .venv and serve the site on http://127.0.0.1:8000
#   make test    -> install into .venv and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: serve test install build clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

serve: install
	$(BIN)/mkdocs serve

build: install
	$(BIN)/mkdocs build --strict

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis
