#!/usr/bin/env bash
# Backup and restore drill (docs/operations.md): back up a running Hjem til Os
# database with pg_dump, restore it into a fresh PostgreSQL server started here,
# and prove the copy identical and working (manage.py verify_restore: rows and a
# checksum per table, every encrypted value decrypts, the app starts on the copy
# and a staff member signs in through the real login and second-factor pages).
#
#   DATABASE_URL=postgres://…  FIELD_ENCRYPTION_KEYS_FILE=/etc/hjemtilos/keys \
#     scripts/restore_drill.sh [--staff-email someone@example.org] [--keep DIR]
#
# The encryption keys come from their own file (the key store), never from the
# backup; the drill checks that the dump does not contain them. --keep DIR keeps
# the dump there (otherwise it is deleted with the fresh server).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
step() { printf '\n==> %s\n' "$*"; }

STAFF_EMAIL=""
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --staff-email) STAFF_EMAIL="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
done
: "${DATABASE_URL:?DATABASE_URL must name the database of the running system}"
: "${FIELD_ENCRYPTION_KEYS_FILE:?FIELD_ENCRYPTION_KEYS_FILE must name the key file (kept apart from backups)}"
SOURCE_URL="$DATABASE_URL"
KEYS=$(grep -v '^[[:space:]]*$' "$FIELD_ENCRYPTION_KEYS_FILE" | paste -sd, -)

# The fresh server (pg_throwaway.sh: started in a temporary directory, stopped
# and deleted on exit; it sets DATABASE_URL to its empty database).
source scripts/pg_throwaway.sh
RESTORED_URL="$DATABASE_URL"
DUMP_DIR=${KEEP:-$PGTMP}
mkdir -p "$DUMP_DIR"
DUMP="$DUMP_DIR/hjemtilos-$(date -u +%Y%m%dT%H%M%SZ).dump"

step "backup: pg_dump of the running system"
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file "$DUMP" "$SOURCE_URL"
chmod 0600 "$DUMP"
echo "$(du -h "$DUMP" | cut -f1) in $DUMP"
IFS=, read -ra KEY_LIST <<<"$KEYS"
for key in "${KEY_LIST[@]}"; do
  if "$PG_BIN/pg_restore" --file - "$DUMP" | grep -qF "$key"; then
    echo "An encryption key is inside the backup: keys must be kept apart from backups." >&2
    exit 1
  fi
done
echo "The backup holds no encryption key."

step "restore into a fresh PostgreSQL server"
"$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --dbname "$RESTORED_URL" "$DUMP"

export DATABASE_URL="$RESTORED_URL" FIELD_ENCRYPTION_KEYS="$KEYS"
export DJANGO_SETTINGS_MODULE=hjemtilos.settings.base
export HJEMTILOS_VAR_DIR="$PGTMP/var" SECRET_KEY="restore-drill-$(date +%s%N)"
mkdir -p "$HJEMTILOS_VAR_DIR"

step "the code's migrations are all in the copy"
$BIN/python manage.py migrate --check --noinput >/dev/null

step "the app starts on the copy (gunicorn)"
PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$BIN/gunicorn hjemtilos.wsgi --bind "127.0.0.1:$PORT" --workers 1 --timeout 60 \
  --error-logfile "$PGTMP/gunicorn.log" &
GUNICORN=$!
stop_app() { kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true; cleanup; }
trap stop_app EXIT
for _ in $(seq 1 120); do
  if $BIN/python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" 2>/dev/null; then
    break
  fi
  kill -0 "$GUNICORN" 2>/dev/null || { cat "$PGTMP/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done
echo "/healthz answers on port $PORT"

step "verify: tables, encrypted values, a staff member signs in"
args=(--source-url "$SOURCE_URL" --login-url "http://127.0.0.1:$PORT")
[ -n "$STAFF_EMAIL" ] && args+=(--staff-email "$STAFF_EMAIL")
$BIN/python manage.py verify_restore "${args[@]}"
