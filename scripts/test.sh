#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then runs every check.
#   bash scripts/test.sh
# Installs: a virtualenv in .venv with the project and its test extras; Debian's Chromium for the
# browser tests (as root through apt-get; otherwise it asks you to install it).
# Runs: ruff, mypy (strict on the pure packages, the API and the access rules), import-linter,
# then pytest on SQLite and on PostgreSQL (PARITRANA_TEST_POSTGRES, default
# postgres://postgres@127.0.0.1:5432/test). Without a reachable PostgreSQL that run is skipped
# with a warning, except under CI, where it is required.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' and try again." >&2
    exit 1
  fi
fi

echo "== ruff"
.venv/bin/ruff check src tests scripts
.venv/bin/ruff format --check src tests scripts
export PARITRANA_DATA_DIR="${PARITRANA_DATA_DIR:-$(mktemp -d)}"

echo "== mypy"
.venv/bin/mypy
echo "== import-linter"
.venv/bin/lint-imports

echo "== pytest on SQLite"
env -u DATABASE_URL .venv/bin/pytest "$@"

PG_URL=${PARITRANA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL not reachable at {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "== pytest on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" .venv/bin/pytest "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI requires PostgreSQL at $PG_URL" >&2
  exit 1
else
  echo "WARNING: PostgreSQL run skipped (set PARITRANA_TEST_POSTGRES to a reachable server)." >&2
fi
