# Everything a fresh machine with Python 3.11+ needs; re-runs are quick (stamp files).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench stress translations clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The editable install as a plain path in a .pth file (setuptools' "compat" mode): the import
# hook of the default mode costs every process (each `reader add`) its finder, importlib.util
# and more before our first line runs. Should a later setuptools drop the mode: the default.
EDITABLE = $(PY) -m pip install --quiet -e $(1) --config-settings editable_mode=compat \
	|| $(PY) -m pip install --quiet -e $(1)

# Runtime install: re-done only when pyproject.toml changes. The package's byte-code is
# compiled here (pip compiles the dependencies, not an editable package), so a first start,
# or one with PYTHONDONTWRITEBYTECODE set, does not compile ~100 modules before its window.
$(VENV)/.installed: pyproject.toml Makefile | $(VENV)/bin/activate
	$(call EDITABLE,.)
	$(PY) -m compileall -q -j 0 reader
	touch $@

$(VENV)/.installed-test: pyproject.toml Makefile | $(VENV)/bin/activate
	$(call EDITABLE,'.[test]')
	$(PY) -m compileall -q -j 0 reader
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	QT_QPA_PLATFORM= $(VENV)/bin/reader

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check reader tests benchmarks tools
	$(VENV)/bin/mypy reader/core reader/pdf

test: $(VENV)/.installed-test lint
	HYPOTHESIS_PROFILE=ci $(PY) -m pytest -q -p no:cacheprovider

stress: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=stress $(PY) -m pytest -q -m slow -p no:cacheprovider

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run_all.py

# Refresh resources/i18n/*.ts from the code (translations kept), then compile the .qm files.
translations: $(VENV)/.installed-test
	$(PY) tools/i18n.py update
	$(PY) tools/i18n.py release

clean:
	rm -rf $(VENV) build *.egg-info
