# The two set-up commands: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint bench clean wordpress-plugin wordpress-wpcs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/tts-service serve

test: $(VENV)/.installed-test
	scripts/ensure-system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/python -m ruff check tts_service tests bench
	$(BIN)/python -m mypy tts_service

bench: $(VENV)/.installed
	$(BIN)/python bench/bench_speak.py

# The WordPress plugin as the zip WordPress installs (Plugins → Add New → Upload); not in the wheel.
# WP_ZIP names another file for it (the tests build theirs in a temporary folder).
WP_ZIP ?= dist/tts-service-wordpress.zip
wordpress-plugin:
	mkdir -p $(dir $(abspath $(WP_ZIP)))
	rm -f $(abspath $(WP_ZIP))
	cd integrations/wordpress && $(PYTHON) -m zipfile -c $(abspath $(WP_ZIP)) tts-service
	@echo "$(WP_ZIP)"

# The WordPress coding standards over the plugin (integrations/wordpress/phpcs.xml.dist). WPCS
# and its two libraries are not packaged by Debian: WPCS_PATHS names their folders (comma-separated),
# PHPCS a phpcs new enough for them (3.9+), as docs/wordpress.md says.
PHPCS ?= phpcs
wordpress-wpcs:
	@test -n "$(WPCS_PATHS)" || { echo "set WPCS_PATHS to the folders of PHPCSUtils, PHPCSExtra and WPCS (see docs/wordpress.md)"; exit 2; }
	cd integrations/wordpress && $(PHPCS) --runtime-set installed_paths "$(WPCS_PATHS)" --standard=phpcs.xml.dist

clean:
	rm -rf $(VENV) audio_cache/*/
