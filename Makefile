# labtracker: `make run` starts the app, `make test` runs every test, `make bundle` builds the
# one-folder desktop bundle (dist/labtracker/). Each sets up what is missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

# System packages the test suite needs: Qt's offscreen runtime, fonts (fontconfig's fc-list
# finds the Chinese one for printing), the PostgreSQL server, poppler-utils (pdftoppm renders
# labels for the barcode tests), binutils (PyInstaller's objdump/objcopy: `make test` builds
# the bundle and tests it).
TEST_SYSTEM_PACKAGES := python3-venv libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 \
	fontconfig fonts-dejavu-core fonts-wqy-microhei postgresql poppler-utils binutils
RUN_SYSTEM_PACKAGES  := python3-venv libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3 \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
	libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 fontconfig fonts-dejavu-core \
	fonts-wqy-microhei
# Building the bundle: PyInstaller's binutils, and what its self test needs offscreen.
BUNDLE_SYSTEM_PACKAGES := python3-venv binutils libgl1 libegl1 libglib2.0-0 libfontconfig1 \
	libxkbcommon0 libdbus-1-3 fontconfig fonts-dejavu-core fonts-wqy-microhei
BUNDLE_STAMP := $(VENV)/.bundle-stamp
BUNDLE       := dist/labtracker

.PHONY: bench run demo test bundle lint format translations clean system-test-packages \
	system-run-packages system-bundle-packages

run: system-run-packages $(STAMP)
	$(VENV)/bin/labtracker-app

# A throwaway demonstration site (five lots at different stages); nothing is kept.
demo: system-run-packages $(STAMP)
	$(VENV)/bin/labtracker-app --demo

# The bundle is built first and tested with the rest (tests/packaging): it must exist.
test: system-test-packages $(STAMP) bundle
	QT_QPA_PLATFORM=offscreen LABTRACKER_REQUIRE_POSTGRES=1 LABTRACKER_REQUIRE_BUNDLE=1 \
		$(PY) -m pytest

# dist/labtracker/: labtracker-app and labtracker sharing one set of libraries (build_app.spec).
# A bundle whose self test fails (run on a throwaway data directory, offscreen) fails the target.
bundle: system-bundle-packages $(BUNDLE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--workpath build --distpath dist build_app.spec
	@selftest=$$(mktemp -d) && \
	LABTRACKER_DATA_DIR=$$selftest/data LABTRACKER_SETTINGS_FILE=$$selftest/settings.toml \
	LABTRACKER_LOG_DIR=$$selftest/log HOME=$$selftest QT_QPA_PLATFORM=offscreen \
		$(BUNDLE)/labtracker-app --selftest; status=$$?; rm -rf $$selftest; exit $$status
	@du -sh $(BUNDLE)

# Timings (benchmarks/README.md): makes the synthetic sites in benchmarks/.sites (~4 GB, made
# again daily), prints one line per measure, writes benchmarks/results.json. Not part of `make test`.
bench: system-test-packages $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.run

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

system-bundle-packages:
	@sh scripts/ensure-system-packages.sh $(BUNDLE_SYSTEM_PACKAGES)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the project's metadata changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# PyInstaller (the `bundle` extra), added to the same environment; again when the metadata
# changes, after the project's own install.
$(BUNDLE_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
