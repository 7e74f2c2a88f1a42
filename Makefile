# Set-up is idempotent: each step checks what is already there.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HANDBOOK := $(VENV)/bin/handbook
APT_PACKAGES := python3-venv libatomic1 fontconfig fonts-noto-cjk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 poppler-utils poppler-data qpdf zbar-tools chromium libjs-pdf
VENV_STAMP := $(VENV)/.installed

.PHONY: handbook test bench fuzz setup system-deps python-env clean serve check schema

handbook: setup
	$(HANDBOOK) build

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) -m tests.bench

# 10,000 mutated input files through the loader: no traceback, no hang, every problem placed
fuzz: setup
	$(PY) -m tests.fuzz 10000

serve: setup
	$(HANDBOOK) serve

check: setup
	$(HANDBOOK) check

schema: setup
	$(HANDBOOK) schema

setup: system-deps python-env

# apt only when a package is missing (dpkg -s fails); one `apt-get update` first.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

python-env: $(VENV_STAMP)

clean:
	rm -rf build
