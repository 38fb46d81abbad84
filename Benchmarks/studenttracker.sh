#!/usr/bin/env bash
# The Clearinghouse's StudentTracker detail file imported at scale, on a release build: a
# generated district of STUDENTS students, a detail file of ROWS rows for them
# (studenttracker_file.py: about four enrollment terms a student found, 30% not found), then on
# each engine `pathwork import clearinghouse` applied (read, checked, matched, staged beside the
# writer, one change) against the engine's own load of the same file into a plain table
# (`sqlite3 .import`, PostgreSQL `COPY`), with wall time and peak memory of each, and the
# import applied again (every student's rows replaced).
#
#   bash Benchmarks/studenttracker.sh [ROWS=1000000] [STUDENTS=250000] [ENGINES="sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ROWS=${1:-1000000}; STUDENTS=${2:-250000}; ENGINES=${3:-sqlite postgres}
use_workspace studenttracker
install_missing sqlite3:sqlite3 time:/usr/bin/time "postgresql:$PGBIN/initdb" zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=$(pwd)/.build/release/pathwork
SLUG=synthetic-25-1

timed() {  # timed LABEL COMMAND...: wall seconds and peak RSS of the command
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>&1 || { tail -20 "$WORK/out"; fail "$label failed"; }
  read -r seconds kilobytes <"$WORK/time"
  printf '%s %s\n' "$seconds" "$((kilobytes / 1024))"
}

run() {  # run ENGINE LOAD-COMMAND...
  local engine=$1; shift
  step "$engine: generating $STUDENTS students"
  "$BIN" generate --districts 1 --students "$STUDENTS" --weeks 0 --seed 25 >"$WORK/generate.log" 2>&1 || { tail "$WORK/generate.log"; fail "generate"; }
  step "$engine: writing $ROWS rows"
  if [ "$engine" = sqlite ]; then
    sqlite3 "$PATHWORK_DATA/pathwork.sqlite" "SELECT student_number FROM student_profiles" >"$WORK/numbers.txt"
  else
    psql "$DATABASE_URL" -Atc "SELECT student_number FROM student_profiles" >"$WORK/numbers.txt"
  fi
  python3 Benchmarks/studenttracker_file.py "$WORK/detail.csv" "$ROWS" <"$WORK/numbers.txt"
  du -h "$WORK/detail.csv" | awk '{ print "file: " $1 }'
  local first again load
  first=$(timed "import" "$BIN" import clearinghouse "$WORK/detail.csv" --district "$SLUG")
  grep -E "lines|Applied" "$WORK/out" | head -3
  again=$(timed "import again" "$BIN" import clearinghouse "$WORK/detail.csv" --district "$SLUG")
  load=$(timed "plain load" "$@")
  printf '%-10s import applied: %s s, peak %s MiB; applied again: %s s, peak %s MiB; plain load: %s s, peak %s MiB; ratio %s\n' "$engine" \
    $first $again $load "$(awk -v a="${first%% *}" -v b="${load%% *}" 'BEGIN { printf "%.1fx", a / b }')"
}

if [[ " $ENGINES " == *" sqlite "* ]]; then
  export PATHWORK_DATA="$WORK/sqlite"; mkdir -p "$PATHWORK_DATA"
  run sqlite sqlite3 "$WORK/plain.sqlite" ".import --csv $WORK/detail.csv detail"
  unset PATHWORK_DATA
fi
if [[ " $ENGINES " == *" postgres "* ]]; then
  start_postgres "$WORK/pg"
  export DATABASE_URL; DATABASE_URL=$(create_database pathwork_tracker)
  PLAIN=$(create_database plain_tracker)
  # COPY into a table of text columns, one per header column: the engine's own bulk load.
  cat >"$WORK/plain_load.sh" <<SCRIPT
set -e
columns=\$(head -1 "$WORK/detail.csv" | tr ',' '\\n' | awk '{ printf "%sc%d text", (NR > 1 ? ", " : ""), NR }')
psql "$PLAIN" -qc "CREATE TABLE detail (\$columns)"
psql "$PLAIN" -qc "\\\\copy detail FROM '$WORK/detail.csv' WITH (FORMAT csv, HEADER true)"
SCRIPT
  run postgres bash "$WORK/plain_load.sh"
fi
