#!/usr/bin/env bash
# Benchmarks on the national dataset (not part of `make test`): starts a
# throw-away PostgreSQL unless DATABASE_URL is set, builds the dataset with
# `generate_demo --scale`, then times the staff pages against benchmarks/goals.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n==> %s\n' "$*"; }
export DJANGO_SETTINGS_MODULE=hjemtilos.settings.test
if [ -z "${DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/pg_throwaway.sh
  source scripts/pg_throwaway.sh
fi
step "migrate"
$BIN/python manage.py migrate -v0
step "national dataset"
time $BIN/python manage.py generate_demo --scale --reset
step "page timings"
$BIN/python benchmarks/run.py
