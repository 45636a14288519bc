# labtracker: `make run` starts the app, `make test` runs every test. Both set up what is missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

# System packages the test suite needs: Qt's offscreen runtime, fonts, the PostgreSQL server,
# poppler-utils (pdftoppm renders labels for the barcode tests).
TEST_SYSTEM_PACKAGES := python3-venv libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 \
	fonts-dejavu-core fonts-wqy-microhei postgresql poppler-utils
RUN_SYSTEM_PACKAGES  := python3-venv libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 fonts-dejavu-core \
	fonts-wqy-microhei

.PHONY: run demo test lint format translations clean system-test-packages system-run-packages

run: system-run-packages $(STAMP)
	$(VENV)/bin/labtracker-app

# A throwaway demonstration site (five lots at different stages); nothing is kept.
demo: system-run-packages $(STAMP)
	$(VENV)/bin/labtracker-app --demo

test: system-test-packages $(STAMP)
	QT_QPA_PLATFORM=offscreen LABTRACKER_REQUIRE_POSTGRES=1 $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The Simplified Chinese translation: collect every string the ui marks (self.tr,
# QCoreApplication.translate, QT_TRANSLATE_NOOP) into the .ts, dropping vanished ones; translate
# the new ones in the .ts (Qt Linguist, or by hand); run again to compile the .qm the app loads.
TS := resources/translations/labtracker_zh_CN.ts

translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -extensions py ui -no-obsolete -source-language en \
		-target-language zh_CN -ts $(TS)
	$(VENV)/bin/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)

system-test-packages:
	@sh scripts/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)

system-run-packages:
	@sh scripts/ensure-system-packages.sh $(RUN_SYSTEM_PACKAGES)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the project's metadata changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
