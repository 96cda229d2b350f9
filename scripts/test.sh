#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then runs every check.
#   bash scripts/test.sh
# Installs: a virtualenv in .venv with the project, its test extras and the spark extra (PySpark,
# for the DuckDB/Spark parity tests; about 2 minutes more on a first install, Java 17+ needed);
# Debian's Chromium for the browser tests (as root through apt-get; otherwise it asks you to
# install it).
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
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,spark]'

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

# axe-core for the browser tests' accessibility checks, from npm at the version pinned by
# tests/web/axe/package-lock.json (loaded into the pages from node_modules, never from a CDN).
if [ ! -f tests/web/axe/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      echo "== installing Debian's npm for the accessibility checks"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "npm is missing: run 'sudo apt-get install -y npm' and try again." >&2
      exit 1
    fi
  fi
  echo "== installing axe-core (npm ci in tests/web/axe)"
  (cd tests/web/axe && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "== ruff"
.venv/bin/ruff check src tests scripts
.venv/bin/ruff format --check src tests scripts
export PARITRANA_DATA_DIR="${PARITRANA_DATA_DIR:-$(mktemp -d)}"
mkdir -p "$PARITRANA_DATA_DIR/sqlite" "$PARITRANA_DATA_DIR/postgresql"

echo "== mypy"
.venv/bin/mypy
echo "== import-linter"
.venv/bin/lint-imports

# The two runs go side by side (one core each on a 2-core machine), each with its own data
# folder and log; their logs are printed whole, one after the other, when both have ended.
logs=$(mktemp -d)
# What does not depend on the database runs once, so that the whole stays within 30 minutes
# (on 2026-12-07 the SQLite run took 939 s and the PostgreSQL run 896 s on a quiet 2-core
# machine; slower machines of the kind have taken 1.6 times as long): the role tour and the
# crawl of every page (marker `crawl`, four minutes of Chromium), the sweeps of every route and
# API operation for every role (marker `sweep`: the access matrix's answers and the API fuzz,
# under two minutes; the lists each role sees are checked on both) and the Spark Connect
# server's test (marker `connect`, a minute and a half) and two of the Spark parity tests (marker
# `balance`, a minute and a half) in the PostgreSQL run; the other
# browser tests (marker `browser`: what the pages do in Chromium, three and a half minutes),
# the other Spark tests (marker `spark`), the tests whose processes use SQLite files of their own
# whatever the run's database (marker `own_sqlite`: a fresh install, `paritrana serve`, an
# import killed at each stage) and the tests that use no database at all (marker `nodb`, about
# 600 of the engine, the rules and the scoring: see tests/conftest.py) in the SQLite run. Every
# page still meets both databases in a browser: the tour's and the crawl's on PostgreSQL, the
# browser tests' on SQLite. Each run ends with its 15 slowest tests (--durations).
SQLITE_RUN="not crawl and not sweep and not connect and not balance"
PG_RUN="connect or balance or (not spark and not nodb and not own_sqlite and (crawl or sweep or not browser))"
echo "== pytest on SQLite (log: $logs/sqlite.log)"
PARITRANA_DATA_DIR="$PARITRANA_DATA_DIR/sqlite" env -u DATABASE_URL .venv/bin/pytest -m "$SQLITE_RUN" --durations=15 "$@" \
  >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
progress() { grep -o '\[ *[0-9]*%\]' "$1" 2>/dev/null | tail -1; }
( n=0; while [ ! -e "$logs/done" ]; do
    sleep 10; n=$((n + 1))
    if [ $((n % 30)) = 0 ]; then
      echo "   ... $(date +%H:%M) SQLite $(progress "$logs/sqlite.log") PostgreSQL $(progress "$logs/postgresql.log")"
    fi
  done ) &
heartbeat=$!

PG_URL=${PARITRANA_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
pg_status=0
if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=5).close()
except Exception as exc:
    print(f"PostgreSQL not reachable at {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  # The Spark tests but Connect's, the tests without a database or with SQLite files of their
  # own and the browser tests but the tour and the crawl would run the same here: the SQLite
  # run has them.
  # Without PostgreSQL (outside CI) the tour, the crawl, the sweeps and the Spark Connect test
  # are not run: `pytest -m "crawl or sweep or connect"` runs them alone.
  echo "== pytest on PostgreSQL ($PG_URL) (log: $logs/postgresql.log)"
  PARITRANA_DATA_DIR="$PARITRANA_DATA_DIR/postgresql" DATABASE_URL="$PG_URL" \
    .venv/bin/pytest -m "$PG_RUN" --durations=15 "$@" \
    >"$logs/postgresql.log" 2>&1 || pg_status=$?
elif [ "${CI:-}" = "true" ]; then
  echo "CI requires PostgreSQL at $PG_URL" >&2
  pg_status=1
else
  echo "WARNING: PostgreSQL run skipped (set PARITRANA_TEST_POSTGRES to a reachable server)." >&2
fi
sqlite_status=0
wait "$sqlite_pid" || sqlite_status=$?
touch "$logs/done"
wait "$heartbeat"

echo "== pytest on SQLite: exit $sqlite_status"
cat "$logs/sqlite.log"
if [ -f "$logs/postgresql.log" ]; then
  echo "== pytest on PostgreSQL: exit $pg_status"
  cat "$logs/postgresql.log"
fi
[ "$sqlite_status" = 0 ] && [ "$pg_status" = 0 ]
