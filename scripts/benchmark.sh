#!/usr/bin/env bash
# Benchmarks on the national dataset (not part of `make test`): starts a
# throw-away PostgreSQL unless DATABASE_URL is set, builds the dataset with
# `generate_demo --scale`, then times the staff pages against benchmarks/goals.toml;
# then builds one 5,000 × 5,000 matching site and times the matching engine, and last
# times the daily scheduler jobs on the 20,000 running friendships and the anonymisation job.
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
status=0
$BIN/python benchmarks/run.py || status=$?
step "matching (5,000 waiting children × 5,000 families on one site)"
$BIN/python benchmarks/matching.py --reset || status=$?
# Last: the daily jobs change the dataset (they close the anniversaries due today).
step "daily jobs (20,000 running friendships)"
$BIN/python benchmarks/daily_jobs.py || status=$?
# After the daily jobs: the anonymisation empties the ended friendships' personal data.
step "anonymisation (every ended friendship past its period)"
$BIN/python benchmarks/retention.py || status=$?
exit $status
