#!/usr/bin/env bash
# Two (or more) release binaries, run in turn on the clock burst from the same starting data:
# the machine's speed drifts by more than most changes are worth, so a change is judged by
# alternating the builds within one run, never against a figure from another day.
# SQLite starts each run from a copy of one generated database, PostgreSQL from a copy of one
# template database. Prints events/s, p50/p99, and the server's CPU and disk writes per event
# (on PostgreSQL the writes are the database server's, so they do not show there).
#
#   bash Benchmarks/compare-builds.sh BINARY_A BINARY_B [ROUNDS=3] [SECONDS=10] [ENGINES="sqlite postgres"]
#
# With READ=/api/v1/me (or another path) in the environment, each run is that signed-in GET
# with every student's token in turn instead of the clock (see load.lua); "events" are then requests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
[ $# -ge 2 ] || fail "usage: compare-builds.sh BINARY_A BINARY_B [ROUNDS] [SECONDS] [ENGINES]"
BINARIES=("$1" "$2"); ROUNDS=${3:-3}; SECONDS_EACH=${4:-10}; ENGINES=${5:-"sqlite postgres"}
for binary in "${BINARIES[@]}"; do [ -x "$binary" ] || fail "$binary is not an executable"; done
use_workspace compare
install_missing wrk:wrk "postgresql:$PGBIN/initdb" curl:curl

# one_run LABEL BINARY TOKENS: serves the database the environment names, loads it, stops.
one_run() {
  local ticks_before ticks_after written_before written_after result
  start_server "$2" "$WORK/serve.log"
  wrk -t2 -c64 -d2s -s Benchmarks/load.lua "http://127.0.0.1:$PORT/healthz" >/dev/null  # warm-up
  ticks_before=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
  written_before=$(awk '$1 == "write_bytes:" { print $2 }' "/proc/$SERVER_PID/io")
  result=$(TOKENS="$3" THREADS=2 wrk -t2 -c64 -d"${SECONDS_EACH}s" -s Benchmarks/load.lua "http://127.0.0.1:$PORT/" | grep RESULT)
  ticks_after=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
  written_after=$(awk '$1 == "write_bytes:" { print $2 }' "/proc/$SERVER_PID/io")
  stop_server
  python3 - "$1" "$2" "$result" "$((ticks_after - ticks_before))" "$(getconf CLK_TCK)" "$((written_after - written_before))" <<'PY'
import sys
label, binary, result, ticks, hz, written = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
r = dict(kv.split("=") for kv in result.split()[1:])
events = max(int(r["ok"]), 1)
print(f"{label:9} {binary:32} {int(r['rate']):6} events/s  p50 {r['p50_ms']:>7} ms  p99 {r['p99_ms']:>7} ms  "
      f"CPU {ticks / hz * 1000 / events:.2f} ms/event  written {written / events / 1024:.1f} KiB/event  refused {r['refused']}")
PY
}

GENERATE=(generate --students 6000 --weeks 1 --seed 7)
for engine in $ENGINES; do
  case $engine in
    sqlite)
      PATHWORK_DATA="$WORK/pristine" "${BINARIES[0]}" "${GENERATE[@]}" --tokens "$WORK/tokens-sqlite.txt" >/dev/null
      for round in $(seq 1 "$ROUNDS"); do for binary in "${BINARIES[@]}"; do
        rm -rf "$WORK/run" && cp -r "$WORK/pristine" "$WORK/run"
        PATHWORK_DATA="$WORK/run" one_run sqlite "$binary" "$WORK/tokens-sqlite.txt"
      done; done ;;
    postgres)
      start_postgres "$WORK/pg"
      DATABASE_URL=$(create_database pristine) "${BINARIES[0]}" "${GENERATE[@]}" --tokens "$WORK/tokens-postgres.txt" >/dev/null
      n=0
      for round in $(seq 1 "$ROUNDS"); do for binary in "${BINARIES[@]}"; do
        n=$((n + 1))
        psql -h 127.0.0.1 -p "$PGPORT" -U postgres -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE run$n OWNER pathwork TEMPLATE pristine"
        DATABASE_URL="postgres://pathwork:pathwork@127.0.0.1:$PGPORT/run$n?sslmode=disable" \
          one_run postgres "$binary" "$WORK/tokens-postgres.txt"
      done; done
      stop_postgres ;;
    *) fail "unknown engine $engine (sqlite or postgres)" ;;
  esac
done
