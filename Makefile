# Common commands. `make run` and `make test` work from a fresh clone: they install uv if
# needed, create .venv from uv.lock, and never download anything at run time.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: browser setup run chat test test-fast test-browser lint format typecheck eval-pii eval-injection eval-signals bench-redaction bench-interview bench-queue lexicons

# Headless Chromium for the browser tests, from the distribution: a no-op once installed.
browser:
	@bash scripts/install_chromium.sh

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install -q uv
	$(UV) sync --frozen

run: setup
	$(UV) run --frozen streamlit run app.py --server.headless true --browser.gatherUsageStats false

chat: setup
	$(UV) run --frozen discovery chat

test: setup lint browser
	$(UV) run --frozen pytest

test-fast: setup
	$(UV) run --frozen pytest -m "not integration" -x -q

# The prospect chat end to end in headless Chromium (/usr/bin/chromium; `.ci/run` installs it).
test-browser: setup browser
	$(UV) run --frozen pytest tests/test_browser.py tests/test_browser_workspace.py -m integration -q

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: setup
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

typecheck: setup
	$(UV) run --frozen mypy discovery privacy evals knowledge agents storage testkit workspace exports

eval-pii: setup
	$(UV) run --frozen python -m evals.pii_eval

bench-redaction: setup
	$(UV) run --frozen python benchmarks/bench_redaction.py

bench-queue: setup
	$(UV) run --frozen python benchmarks/bench_queue.py

bench-interview: setup
	$(UV) run --frozen python benchmarks/bench_interview.py

eval-injection: setup
	$(UV) run --frozen python -m evals.injection_eval

eval-signals: setup
	$(UV) run --frozen python -m evals.signals_eval

lexicons:
	$(UV) run --group lexicons python scripts/build_lexicons.py
