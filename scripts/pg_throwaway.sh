# Sourced by test.sh and benchmark.sh: start a throw-away PostgreSQL server in a
# temp dir (initdb/pg_ctl, no root needed; as root it runs as an unprivileged
# user), export DATABASE_URL, and stop and delete it when the script exits.
# Expects $BIN (the venv's bin) and a `step` function.
PG_BIN=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")" /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then PG_BIN="$candidate"; fi
done
if [ -z "$PG_BIN" ]; then
  step "installing PostgreSQL (Debian package)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed and this user cannot install it (apt-get install postgresql)." >&2
    exit 1
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

PGTMP=$(mktemp -d)
PGPORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# initdb refuses to run as root; run the server as an unprivileged user then.
AS=()
if [ "$(id -u)" = 0 ]; then
  PGUSER_OS=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
  chown "$PGUSER_OS" "$PGTMP"
  AS=(runuser -u "$PGUSER_OS" --)
fi
cleanup() {
  "${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT

step "starting PostgreSQL ($("$PG_BIN/postgres" --version)) on port $PGPORT"
"${AS[@]}" "$PG_BIN/initdb" -D "$PGTMP/data" -U hjemtilos --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null
export DATABASE_URL="postgres://hjemtilos@127.0.0.1:$PGPORT/hjemtilos"
"${AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U hjemtilos hjemtilos

