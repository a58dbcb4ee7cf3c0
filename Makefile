# `make test` and `make run` are the whole set-up: both create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)

.PHONY: test test-fast run serve ingest build lint clean browser postgres audit

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: anything else lets pip pick a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# Browser tests drive Debian's chromium (Playwright cannot download browsers here); the font
# gives it Chinese glyphs. Installed once, when missing (needs root, as on CI).
browser:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi wqy; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium fonts-wqy-microhei; \
	else echo "浏览器测试需要 chromium 与中文字体：sudo apt-get install chromium fonts-wqy-microhei"; exit 1; fi

# The store tests run against SQLite and a private PostgreSQL server the tests start and stop
# (rag/tools/pgserver.py); PostgreSQL itself is installed once, when missing (needs root).
# nginx too: the replica tests put it in front of two app processes.
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends postgresql nginx; \
	else echo "存储与副本测试需要 PostgreSQL 和 nginx：sudo apt-get install postgresql nginx"; exit 1; fi

# CI runs `make test`: lint, the layering contracts (pyproject.toml), then every test.
test: $(STAMP) browser postgres
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The edit loop: the same checks without the slow tests (servers, browsers, model builds).
test-fast: $(STAMP) postgres
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -m "not slow"

# The committed corpus is ingest's output; `make ingest` regenerates it from corpus/raw/.
ingest: $(STAMP)
	$(PY) -m rag ingest

build: $(STAMP)
	$(PY) -m rag build

# Builds the index when missing or stale, then serves the chat on http://127.0.0.1:7860.
run: $(STAMP)
	$(PY) app.py

# A local trial of deploy/: REPLICAS app processes sharing a private PostgreSQL, behind nginx on
# http://127.0.0.1:8080/ (all on loopback; Ctrl-C stops everything).
REPLICAS ?= 2
serve: $(STAMP) postgres
	$(PY) -m rag serve --replicas $(REPLICAS)

# pip-audit of the installed packages, run from its own venv so that installing it cannot change
# what the tests run with. It needs PyPI's vulnerability API; where that is not reachable it
# reports each package as not audited, and this target still succeeds.
AUDIT := .venv-audit
audit: $(STAMP)
	@test -x $(AUDIT)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT) && \
		$(AUDIT)/bin/pip install --quiet pip-audit; } >/dev/null 2>&1 || true
	@$(PY) -m pip freeze --exclude-editable > $(VENV)/freeze.txt
	@$(AUDIT)/bin/pip-audit -r $(VENV)/freeze.txt --no-deps --disable-pip \
		--progress-spinner off 2>&1 | head -15

lint: $(STAMP)
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) $(AUDIT) .pytest_cache .ruff_cache
