# Hjem til Os — the two commands:
#   make demo   set up everything, load the demo site and start http://127.0.0.1:8000
#   make test   the full test suite (SQLite and a throw-away PostgreSQL) plus lint, types, migrations
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test setup messages system-libs lock run-worker run-scheduler clean-demo benchmark loadtest

demo: setup
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) generate_demo
	DEBUG=1 $(MANAGE) serve 127.0.0.1:8000

test: setup
	bash scripts/test.sh

setup: $(VENV)/.installed node_modules/.installed messages system-libs

$(VENV)/.installed: requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compiled catalogues (.mo) are build output: made here from the committed .po files.
messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	@$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

# WeasyPrint (the PDFs) needs Pango from the system; install it with apt when missing.
system-libs: $(VENV)/.installed
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || ( \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "PDFs need Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2; exit 1; fi )

# Re-lock Python dependencies after editing pyproject.toml (needs network to PyPI).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements/base.lock
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 -o requirements/dev.lock

run-worker: setup
	$(MANAGE) db_worker --queue-name '*'

run-scheduler: setup
	$(MANAGE) run_scheduler

clean-demo:
	rm -f var/hjemtilos.sqlite3 var/hjemtilos.sqlite3-wal var/hjemtilos.sqlite3-shm

benchmark: setup
	bash scripts/benchmark.sh

loadtest: setup
	bash scripts/loadtest.sh
