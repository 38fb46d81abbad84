#!/usr/bin/env bash
# Clock-in/out burst against a release build, on SQLite and then on a durable PostgreSQL:
# thousands of generated students clock in and out under wrk while the same server, in the
# same run, is measured on a plain GET /healthz and on a signed-in GET /api/v1/me with every
# student's token in turn. Prints rates and p50/p99 for each, and what one coordinator reading
# GET /api/v1/me on a single connection sees during the burst.
#
#   bash Benchmarks/clock-burst.sh [STUDENTS=6000] [SECONDS=10] [CONNECTIONS=64]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
STUDENTS=${1:-6000}; SECONDS_EACH=${2:-10}; CONNECTIONS=${3:-64}; THREADS=2
use_workspace bench

install_missing wrk:wrk "postgresql:$PGBIN/initdb" curl:curl zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=.build/release/pathwork

burst() {  # burst ENGINE: data already generated; serves, loads, stops.
  start_server "$BIN" "$WORK/serve-$1.log"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s Benchmarks/load.lua "http://127.0.0.1:$PORT/healthz" >/dev/null  # warm-up
  local health me clock reader token
  health=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -s Benchmarks/load.lua "http://127.0.0.1:$PORT/healthz" | grep RESULT)
  token=$(awk '$2 == "coordinator" { print $5; exit }' "$WORK/tokens-$1.txt")
  wrk -t1 -c1 -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/me" >"$WORK/reader-$1.txt" &
  local reader_pid=$!
  clock=$(TOKENS="$WORK/tokens-$1.txt" THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" \
    -s Benchmarks/load.lua "http://127.0.0.1:$PORT/" | grep RESULT)
  wait "$reader_pid"
  # After the burst, so the burst starts with no viewer kept in memory, as a morning would.
  me=$(TOKENS="$WORK/tokens-$1.txt" READ=/api/v1/me THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" \
    -s Benchmarks/load.lua "http://127.0.0.1:$PORT/" | grep RESULT)
  grep -q "Non-2xx" "$WORK/reader-$1.txt" && { cat "$WORK/reader-$1.txt"; fail "the reader was refused"; }
  reader=$(awk '/Requests\/sec/ { rate = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    END { printf "rate=%d p50=%s p99=%s", rate, p50, p99 }' "$WORK/reader-$1.txt")
  stop_server
  printf '%-10s healthz: %s\n%-10s /me:     %s\n%-10s clock:   %s\n' "$1" "${health#RESULT }" "$1" "${me#RESULT }" "$1" "${clock#RESULT }"
  printf '%-10s one reader of GET /api/v1/me during the burst: %s\n' "$1" "$reader"
  python3 - "$health" "$me" "$clock" <<'PY'
import sys
rate = lambda line: float(dict(kv.split("=") for kv in line.split()[1:])["rate"])
h, m, c = rate(sys.argv[1]), rate(sys.argv[2]), rate(sys.argv[3])
print(f"           signed-in reads are {m / h:.2f} and clock events/s {c / h:.2f} of the /healthz rate")
PY
}

step "SQLite (WAL, synchronous=FULL): $STUDENTS students, ${SECONDS_EACH}s per load, $CONNECTIONS connections"
export PATHWORK_DATA="$WORK/sqlite"
"$BIN" generate --students "$STUDENTS" --weeks 1 --seed 7 --tokens "$WORK/tokens-sqlite.txt" >"$WORK/generate.log" 2>&1 || { cat "$WORK/generate.log"; fail "generate failed"; }
tail -1 "$WORK/generate.log"
burst sqlite
sqlite3 "$PATHWORK_DATA/pathwork.sqlite" "PRAGMA integrity_check" | grep -qx ok || fail "SQLite integrity check failed"
unset PATHWORK_DATA

step "PostgreSQL 15 (durable defaults)"
start_postgres "$WORK/pg"
export DATABASE_URL; DATABASE_URL=$(create_database pathwork_bench)
"$BIN" generate --students "$STUDENTS" --weeks 1 --seed 7 --tokens "$WORK/tokens-postgres.txt" >"$WORK/generate.log" 2>&1 || { cat "$WORK/generate.log"; fail "generate failed"; }
tail -1 "$WORK/generate.log"
burst postgres
