#!/usr/bin/env bash
# The whole test suite: static checks, then pytest on SQLite and on a real
# PostgreSQL server started here in a temporary directory (initdb/pg_ctl),
# stopped and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=hjemtilos.settings.test
export HJEMTILOS_VAR_DIR="${HJEMTILOS_VAR_DIR:-$(mktemp -d)}"

step() { printf '\n==> %s\n' "$*"; }

step "ruff check"
$BIN/ruff check .
step "ruff format --check"
$BIN/ruff format --check .
step "mypy"
$BIN/mypy hjemtilos
step "import contracts (lint-imports)"
# The layers of docs/architecture.md: a lower app never imports a higher one.
$BIN/lint-imports --no-logo --no-cache
step "makemigrations --check"
$BIN/python manage.py makemigrations --check --dry-run
step "translations complete"
# Extract the messages afresh in a scratch copy, so a new string in the code
# that never reached the catalogues fails here too.
scratch=$(mktemp -d)
cp -r hjemtilos scripts "$scratch"/
ln -s "$PWD/.venv" "$scratch/.venv"
bash "$scratch/scripts/makemessages.sh"
$BIN/python "$scratch/scripts/check_translations.py"
rm -rf "$scratch"

if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  step "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

step "pytest on SQLite"
$BIN/pytest -n 2 -q -m "not postgres" "$@"

# --- PostgreSQL -----------------------------------------------------------
# shellcheck source=scripts/pg_throwaway.sh
source "$(dirname "$0")/pg_throwaway.sh"

step "pytest on PostgreSQL"
$BIN/pytest -n 2 -q "$@"
