#!/usr/bin/env bash
# A network's Perkins V report and a survey's network results at scale, on a release build,
# SQLite and PostgreSQL. Generates districts with last year's graduating class (exits,
# assessments, activities after high school, Clearinghouse enrollments) and last spring's
# student survey with names, then in one run times, for one district's analyst reading the whole
# network: the Perkins report from the outcome rollups and from the raw records, and the survey's
# results from its cells and from every response counted again, checking each pair is identical.
#
#   bash Benchmarks/network-reports.sh [STUDENTS=100000] [DISTRICTS=4] [RUNS=11]
#
# 1M students: bash Benchmarks/network-reports.sh 1000000 20 5. ENGINES=sqlite or ENGINES=postgres runs one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
STUDENTS=${1:-100000}; DISTRICTS=${2:-4}; RUNS=${3:-11}
use_workspace network-reports
install_missing "postgresql:$PGBIN/initdb" curl:curl zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=.build/release/pathwork

same() {  # same NAME URL TOKEN: the rollup answer and the records answer are identical
  curl -fs -H "Authorization: Bearer $3" "$2" -o "$WORK/$1-rollups.json"
  curl -fs -H "Authorization: Bearer $3" "$2&source=records" -o "$WORK/$1-records.json"
  cmp -s "$WORK/$1-rollups.json" "$WORK/$1-records.json" || fail "$1: rollups and records disagree"
}

measure() {  # measure ENGINE
  local analyst scope year perkins survey results p_roll p_rec p_district s_roll s_rec peak
  start_server "$BIN" "$WORK/serve-$1.log"
  analyst=$(awk '$2 == "analyst" { print $5; exit }' "$WORK/tokens-$1.txt")
  scope=$(sed -n 's/.*scope=\(network:[0-9A-Fa-f-]*\).*/\1/p' "$WORK/generate.log")
  year=$(date -u +%Y); [ "$(date -u +%m)" -lt 7 ] && year=$((year - 1)); year=$((year - 1))
  perkins="http://127.0.0.1:$PORT/api/v1/perkins?year=$year&scope=$scope"
  survey=$(curl -fs -H "Authorization: Bearer $analyst" "http://127.0.0.1:$PORT/api/v1/surveys" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
  results="http://127.0.0.1:$PORT/api/v1/surveys/$survey/results?by=race&scope=$scope"
  same "perkins-$1" "$perkins" "$analyst"
  same "survey-$1" "$results" "$analyst"
  p_roll=$(time_url "$perkins" "$analyst")
  p_rec=$(time_url "$perkins&source=records" "$analyst")
  p_district=$(time_url "http://127.0.0.1:$PORT/api/v1/perkins?year=$year" "$analyst")
  s_roll=$(time_url "$results" "$analyst")
  s_rec=$(time_url "$results&source=records" "$analyst")
  peak=$(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")
  stop_server
  printf '%-10s Perkins V report %s, network: from rollups median %s ms (one district %s ms); from the raw records %s ms (%sx); identical\n' \
    "$1" "$year" "$p_roll" "$p_district" "$p_rec" "$(awk -v a="$p_rec" -v b="$p_roll" 'BEGIN { printf "%.0f", a / b }')"
  printf '%-10s survey results (%s responses), network: from cells median %s ms; from every response %s ms (%sx); identical; server peak RSS %s\n' \
    "$1" "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["questions"][0]["rows"][0]["respondents"])' "$WORK/survey-$1-rollups.json")" \
    "$s_roll" "$s_rec" "$(awk -v a="$s_rec" -v b="$s_roll" 'BEGIN { printf "%.0f", a / b }')" "$peak"
}

generate() {  # generate ENGINE: two years (last year's class and survey, this year), no weeks of hours
  /usr/bin/time -v "$BIN" generate --districts "$DISTRICTS" --students "$STUDENTS" --weeks 0 --years 2 --seed 25 \
    --tokens "$WORK/tokens-$1.txt" >"$WORK/generate.log" 2>"$WORK/generate.err" || { tail -5 "$WORK/generate.err"; fail "generate failed"; }
  grep -E '^Generated' "$WORK/generate.log"
  awk '/Maximum resident/ { printf "           generator peak RSS %.0f MiB\n", $6 / 1024 }' "$WORK/generate.err"
}

ENGINES=${ENGINES:-sqlite postgres}
if [[ " $ENGINES " == *" sqlite "* ]]; then
  step "SQLite: generating $STUDENTS students in $DISTRICTS districts"
  export PATHWORK_DATA="$WORK/sqlite"
  generate sqlite
  measure sqlite
  unset PATHWORK_DATA
  rm -rf "$WORK/sqlite"
fi
if [[ " $ENGINES " == *" postgres "* ]]; then
  step "PostgreSQL 15: the same"
  start_postgres "$WORK/pg"
  export DATABASE_URL; DATABASE_URL=$(create_database pathwork_reports)
  generate postgres
  measure postgres
fi
