#!/usr/bin/env bash
# Outcome dashboards at scale, on a release build, SQLite and PostgreSQL. Generates a network
# with years of history (students, seats, approved hours, credentials, CTE courses), then in
# one run times the district dashboard's table through the API from the rollups and from the
# raw records (`source=records`, the straightforward aggregate the rollups must equal), checks
# the two CSVs are identical, and reads the server's peak memory.
#
#   bash Benchmarks/outcomes.sh [STUDENTS=100000] [DISTRICTS=4] [YEARS=3] [WEEKS=2] [RUNS=11]
#
# 1M students and ~22M entries: bash Benchmarks/outcomes.sh 1000000 20 3 2 5 (on this machine, SQLite
# 65 min to generate and 7 to measure; PostgreSQL about 98 and 6). ENGINES=sqlite or ENGINES=postgres runs one of them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
STUDENTS=${1:-100000}; DISTRICTS=${2:-4}; YEARS=${3:-3}; WEEKS=${4:-2}; RUNS=${5:-11}
use_workspace outcomes
install_missing "postgresql:$PGBIN/initdb" curl:curl zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=.build/release/pathwork

measure() {  # measure ENGINE
  local token year base rollups records school
  start_server "$BIN" "$WORK/serve-$1.log"
  token=$(awk '$2 == "coordinator" { print $5; exit }' "$WORK/tokens-$1.txt")
  year=$(date -u +%Y); [ "$(date -u +%m)" -lt 7 ] && year=$((year - 1))
  base="http://127.0.0.1:$PORT/api/v1/outcomes?year=$year&by=race&indicator=paidWork"
  curl -fs -H "Authorization: Bearer $token" "$base" -o "$WORK/rollups-$1.csv"
  curl -fs -H "Authorization: Bearer $token" "$base&source=records" -o "$WORK/records-$1.csv"
  cmp -s "$WORK/rollups-$1.csv" "$WORK/records-$1.csv" || { diff "$WORK/rollups-$1.csv" "$WORK/records-$1.csv" | head; fail "rollups and records disagree"; }
  rollups=$(time_url "$base" "$token")
  records=$(time_url "$base&source=records" "$token")
  school=$(time_url "$base&by=sex" "$token")
  # The network: every generated district, read by one of their analysts.
  local analyst scope net_rollups net_records
  analyst=$(awk '$2 == "analyst" { print $5; exit }' "$WORK/tokens-$1.txt")
  scope=$(sed -n 's/.*scope=\(network:[0-9A-Fa-f-]*\).*/\1/p' "$WORK/generate.log")
  curl -fs -H "Authorization: Bearer $analyst" "$base&scope=$scope" -o "$WORK/net-rollups-$1.csv"
  curl -fs -H "Authorization: Bearer $analyst" "$base&scope=$scope&source=records" -o "$WORK/net-records-$1.csv"
  cmp -s "$WORK/net-rollups-$1.csv" "$WORK/net-records-$1.csv" || { diff "$WORK/net-rollups-$1.csv" "$WORK/net-records-$1.csv" | head; fail "network rollups and records disagree"; }
  net_rollups=$(time_url "$base&scope=$scope" "$analyst")
  net_records=$(time_url "$base&scope=$scope&source=records" "$analyst")
  local peak
  peak=$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")
  stop_server
  printf '%-10s district of %s: dashboard table from rollups median %s ms (by sex %s ms); from the raw records %s ms (%sx); tables identical; server peak RSS %s\n' \
    "$1" "$(awk -F, '$1 == "All students" { print $2 }' "$WORK/rollups-$1.csv")" "$rollups" "$school" "$records" \
    "$(awk -v a="$records" -v b="$rollups" 'BEGIN { printf "%.0f", a / b }')" "$peak"
  printf '%-10s network of %s: from rollups median %s ms; from the raw records %s ms (%sx); tables identical\n' \
    "$1" "$(awk -F, '$1 == "All students" { print $2 }' "$WORK/net-rollups-$1.csv")" "$net_rollups" "$net_records" \
    "$(awk -v a="$net_records" -v b="$net_rollups" 'BEGIN { printf "%.0f", a / b }')"
}

generate() {  # generate ENGINE
  /usr/bin/time -v "$BIN" generate --districts "$DISTRICTS" --students "$STUDENTS" --weeks "$WEEKS" --years "$YEARS" --seed 21 \
    --tokens "$WORK/tokens-$1.txt" >"$WORK/generate.log" 2>"$WORK/generate.err" || { tail -5 "$WORK/generate.err"; fail "generate failed"; }
  grep -E '^Generated' "$WORK/generate.log"
  awk '/Maximum resident/ { printf "           generator peak RSS %.0f MiB\n", $6 / 1024 }' "$WORK/generate.err"
}

ENGINES=${ENGINES:-sqlite postgres}
if [[ " $ENGINES " == *" sqlite "* ]]; then
  step "SQLite: generating $STUDENTS students in $DISTRICTS districts, $YEARS years"
  export PATHWORK_DATA="$WORK/sqlite"
  generate sqlite
  measure sqlite
  unset PATHWORK_DATA
  rm -rf "$WORK/sqlite"
fi
if [[ " $ENGINES " == *" postgres "* ]]; then
  step "PostgreSQL 15: the same"
  start_postgres "$WORK/pg"
  export DATABASE_URL; DATABASE_URL=$(create_database pathwork_outcomes)
  generate postgres
  measure postgres
fi
