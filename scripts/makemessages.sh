#!/usr/bin/env bash
# Refresh every gettext catalogue. Apps with their own locale/ keep their
# own; everything else (core, accounts, organisations, project templates)
# goes to hjemtilos/locale.
set -euo pipefail
cd "$(dirname "$0")/../hjemtilos"
export DJANGO_SETTINGS_MODULE=hjemtilos.settings.test PYTHONPATH="$(cd .. && pwd)"
ADMIN=../.venv/bin/django-admin
ignores=()
for app in */; do
  app=${app%/}
  if [ -d "$app/locale" ]; then
    ignores+=(--ignore "$app/*")
    (cd "$app" && "../$ADMIN" makemessages -l da -l en --no-obsolete --no-location -v 0)
  fi
done
mkdir -p locale
"$ADMIN" makemessages -l da -l en --no-obsolete --no-location -v 0 "${ignores[@]}" --ignore "locale/*"
