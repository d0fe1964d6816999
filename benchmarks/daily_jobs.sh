#!/usr/bin/env bash
# The daily scheduler on the national dataset (not part of `make test`): starts a
# throw-away PostgreSQL unless DATABASE_URL is set, builds the dataset with
# `generate_demo --scale` (20,000 running friendships), then times every daily job.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n==> %s\n' "$*"; }
export DJANGO_SETTINGS_MODULE=hjemtilos.settings.test
export HJEMTILOS_VAR_DIR="${HJEMTILOS_VAR_DIR:-$(mktemp -d)}"
if [ -z "${DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/pg_throwaway.sh
  source scripts/pg_throwaway.sh
fi
step "migrate"
$BIN/python manage.py migrate -v0
if [ "${SKIP_GENERATE:-}" != "1" ]; then
  step "national dataset"
  time $BIN/python manage.py generate_demo --scale
fi
step "daily jobs"
$BIN/python benchmarks/daily_jobs.py
