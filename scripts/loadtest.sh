#!/usr/bin/env bash
# The load test (not part of `make test`): gunicorn with the production profile and a
# task worker on a throw-away PostgreSQL (unless DATABASE_URL is set) holding the
# national dataset; Locust (benchmarks/load/locustfile.py) sends a Monday morning's mix
# of staff, volunteer families, parents, caseworkers and API keys to 127.0.0.1 only,
# first `users` people at their own pace, then a few who never pause (saturation).
# benchmarks/load/check.py compares the figures with [load] in benchmarks/goals.toml
# and writes the report to benchmarks/results/.
# LOAD_KEEP_DATASET=1 with DATABASE_URL and FIELD_ENCRYPTION_KEYS of a national dataset
# already built skips building it again (6 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
step() { printf '\n==> %s\n' "$*"; }
goal() { $BIN/python -c "import tomllib,sys; print(tomllib.load(open('benchmarks/goals.toml','rb'))['load'][sys.argv[1]])" "$1"; }

# The dataset's encrypted fields open only with the FIELD_ENCRYPTION_KEYS that wrote them,
# so a kept dataset needs its own; nothing stored in it depends on SECRET_KEY.
KEEP=${LOAD_KEEP_DATASET:-}
if [ "$KEEP" = 1 ] && { [ -z "${DATABASE_URL:-}" ] || [ -z "${FIELD_ENCRYPTION_KEYS:-}" ]; }; then
  echo "LOAD_KEEP_DATASET=1 needs DATABASE_URL and FIELD_ENCRYPTION_KEYS of the built dataset." >&2
  exit 2
fi
# One set of secrets for every process of the run: prepare.py's sessions must open in
# gunicorn (SECRET_KEY), and so must the fields generate_demo encrypts. Given ones are used.
: "${SECRET_KEY:=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
: "${FIELD_ENCRYPTION_KEYS:=$($BIN/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}"
export SECRET_KEY FIELD_ENCRYPTION_KEYS

WORK=$(mktemp -d)
PIDS=()
stop_processes() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
if [ -z "${DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/pg_throwaway.sh
  source scripts/pg_throwaway.sh
  trap 'stop_processes; cleanup' EXIT
else
  trap stop_processes EXIT
fi

export DJANGO_SETTINGS_MODULE=hjemtilos.settings.test

step "migrate"
$BIN/python manage.py migrate -v0
if [ "$KEEP" = 1 ]; then
  step "national dataset (kept)"
else
  step "national dataset"
  time $BIN/python manage.py generate_demo --scale --reset
fi
USERS=$(goal users)
SATURATION_USERS=$(goal saturation_users)
step "the people's sessions, one for each of the most users of a run"
$BIN/python benchmarks/load/prepare.py --sites 10 --out "$WORK/people.json" \
  --users "$((USERS > SATURATION_USERS ? USERS : SATURATION_USERS))"

# The production profile, without TLS on 127.0.0.1.
export DJANGO_SETTINGS_MODULE=hjemtilos.settings.production ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 LOG_FORMAT=text
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
step "static files"
$BIN/python manage.py collectstatic --noinput -v0
$BIN/python manage.py check --deploy --fail-level ERROR -v0

PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
WORKERS=$(goal gunicorn_workers)
THREADS=$(goal gunicorn_threads)
step "gunicorn ($WORKERS workers × $THREADS threads, gunicorn.conf.py) on 127.0.0.1:$PORT and a task worker"
$BIN/gunicorn hjemtilos.wsgi --workers "$WORKERS" --threads "$THREADS" --bind "127.0.0.1:$PORT" \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
$BIN/python manage.py db_worker --queue-name '*' >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
# One request per worker first: the first request of a fresh worker loads the URL
# configuration and templates (0.8 s), which is start-up, not load.
for _ in $(seq $((WORKERS * THREADS * 2))); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz"; done

export LOAD_PEOPLE="$WORK/people.json"
step "$USERS people at their own pace for $(goal seconds) s"
$BIN/locust -f benchmarks/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r 10 -t "$(goal seconds)s" --reset-stats --only-summary \
  --csv "$WORK/people" || true
step "saturation: $SATURATION_USERS people who never pause for $(goal saturation_seconds) s"
LOAD_THINK=0 $BIN/locust -f benchmarks/load/locustfile.py --headless \
  --host "http://127.0.0.1:$PORT" -u "$SATURATION_USERS" -r "$SATURATION_USERS" \
  -t "$(goal saturation_seconds)s" --reset-stats --only-summary --csv "$WORK/saturation" || true

if grep -q "Traceback\|ERROR" "$WORK/gunicorn.log"; then
  step "gunicorn's log shows errors"
  tail -n 40 "$WORK/gunicorn.log"
fi
step "goals"
$BIN/python benchmarks/load/check.py --people "$WORK/people" --saturation "$WORK/saturation" \
  --report "benchmarks/results/$(date -u +%F-%H%M)-load.md" \
  --setup "gunicorn $WORKERS workers × $THREADS threads (gthread, keep-alive), production profile, persistent database connections; $("${PG_BIN:-/usr/bin}/postgres" --version 2>/dev/null || echo PostgreSQL); national dataset (generate_demo --scale); Locust $($BIN/locust --version | awk '{print $2}') on the same machine"
