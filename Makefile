# bakeledger — every target sets itself up from a fresh clone (only Python is needed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the exact versions the test suite ran against (pyproject.toml holds the allowed ranges)
LOCK := requirements.lock
UV := uv==0.13.9

.PHONY: install browser lock run serve test lint bench soak clean

install: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# re-resolve the pinned versions after changing a range in pyproject.toml, then run `make test`
lock:
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet "$(UV)"
	build/lock-venv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --universal \
		--custom-compile-command "make lock" --quiet --output-file $(LOCK)

# the demo season in the browser: fills build/demo.db afresh, then serves it on 127.0.0.1 and prints
# the login address (Ctrl-C stops it); SERVE_ARGS="--port 8080" to change the port
run: install
	mkdir -p build
	$(BIN)/bakeledger --db sqlite:///build/demo.db demo --reset --yes --json >/dev/null
	@echo "The demo season is in build/demo.db; open the login address below in a browser."
	$(BIN)/bakeledger --db sqlite:///build/demo.db serve $(SERVE_ARGS)

# the demo season as a dashboard in the terminal
demo: install
	mkdir -p build
	$(BIN)/bakeledger --db sqlite:///build/demo.db demo --reset --yes

# the HTTP API and pages over the demo season (made first when missing); SERVE_ARGS="--port 8080"
serve: install
	mkdir -p build
	test -f build/demo.db || $(BIN)/bakeledger --db sqlite:///build/demo.db demo --yes --json >/dev/null
	$(BIN)/bakeledger --db sqlite:///build/demo.db serve $(SERVE_ARGS)

test: install browser
	$(BIN)/python -m pytest -q -m "not slow"

# the browser tests drive Debian's Chromium (never a downloaded build); as root it is installed here
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
		else \
			echo "the browser tests need Chromium: sudo apt-get install -y chromium" >&2; exit 1; \
		fi; }

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: install
	$(BIN)/python -m bench.run

soak: install
	HYPOTHESIS_PROFILE=soak $(BIN)/python -m pytest -q -m slow

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .hypothesis
