# Tasks for working on cjm. `make` lists them.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: help install test lint schemas golden rules-doc cli-doc screenshots sheet-picture bench

help:
	@echo "install    virtualenv in $(VENV) with cjm (editable) and the test tools"
	@echo "test       the whole test suite, ruff and mypy (what CI runs)"
	@echo "lint       ruff and mypy only"
	@echo "schemas    regenerate schemas/ from the models"
	@echo "golden     regenerate the golden DOT files of the render tests"
	@echo "rules-doc  regenerate docs/rules.md from the rule modules"
	@echo "cli-doc    regenerate docs/cli.md from the commands' --help"
	@echo "screenshots  regenerate the README's picture of cjm site (needs chromium)"
	@echo "sheet-picture  regenerate docs/images/convert-sheet.png (needs soffice, pdftoppm)"
	@echo "bench      run the benchmarks (see benchmarks/README.md)"

install:
	python3 -m venv $(VENV)
	$(BIN)/pip install -e '.[test]'

test:
	$(BIN)/pytest -q
	$(MAKE) lint

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

schemas:
	$(BIN)/cjm schema -o schemas

golden:
	$(BIN)/python scripts/regenerate_golden.py

rules-doc:
	$(BIN)/python scripts/generate_rules_doc.py

cli-doc:
	$(BIN)/python scripts/generate_cli_doc.py

screenshots:
	$(BIN)/python scripts/screenshot_site.py

sheet-picture:
	$(BIN)/python scripts/picture_sheet.py

bench:
	$(BIN)/python benchmarks/run.py all
