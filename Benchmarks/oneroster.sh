#!/usr/bin/env bash
# A large OneRoster 1.2 bulk set on a release build: a synthetic district of USERS users
# (students with guardians, teachers), with roles, demographics, CLASSES classes and nine
# enrollments per student (Benchmarks/oneroster_set.py). On SQLite, then on PostgreSQL:
#   - the preview (`--dry-run`) against an empty district,
#   - the import applied, with how long its one change held the writer,
#   - the same set again (nothing to change),
#   - a delta of 1% of the users (new family names, `active`),
# each against the engine's own loading of the same CSV files into plain tables (sqlite3's
# `.import`; PostgreSQL's COPY). Prints wall time and peak resident memory of each.
#
# With ORDER=shuffled the enrollment rows are shuffled (the same way each run): the generated set
# lists each student's enrollments together, which a student information system's export need
# not do, and rows in no order make the copy's index writes and lookups random.
#
#   bash Benchmarks/oneroster.sh [USERS=1000000] [CLASSES=20000] [ENGINES="sqlite postgres"] [ORDER=listed|shuffled]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
USERS=${1:-1000000}; CLASSES=${2:-20000}; ENGINES=${3:-sqlite postgres}; ORDER=${4:-listed}
case "$ORDER" in listed|shuffled) ;; *) fail "ORDER is listed or shuffled, not $ORDER" ;; esac
use_workspace oneroster
install_missing sqlite3:sqlite3 time:/usr/bin/time zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=$(pwd)/.build/release/pathwork

step "Writing the set and a delta of 1% of its users"
python3 Benchmarks/oneroster_set.py "$WORK/set" "$USERS" "$CLASSES"
if [ "$ORDER" = shuffled ]; then
  { head -1 "$WORK/set/enrollments.csv"; tail -n +2 "$WORK/set/enrollments.csv" | shuf --random-source=<(yes); } >"$WORK/shuffled.csv"
  mv "$WORK/shuffled.csv" "$WORK/set/enrollments.csv"
fi
du -sh "$WORK/set" | awk '{ print "size on disk: " $1 }'
mkdir -p "$WORK/delta"
python3 - "$WORK/set/users.csv" "$WORK/delta" <<'EOF'
import csv, os, sys
source, folder = sys.argv[1], sys.argv[2]
with open(source, newline="") as handle, open(os.path.join(folder, "users.csv"), "w", newline="") as out:
    rows = csv.reader(handle)
    writer = csv.writer(out, lineterminator="\r\n")
    header = next(rows)
    writer.writerow(header)
    for n, row in enumerate(rows):
        if n % 100 == 0:
            row[1], row[2], row[7] = "active", "2026-12-03T00:00:00Z", row[7] + "-Delta"
            writer.writerow(row)
with open(os.path.join(folder, "manifest.csv"), "w", newline="") as out:
    out.write("propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\nfile.users,delta\r\n")
EOF
wc -l <"$WORK/delta/users.csv" | awk '{ print "delta rows: " $1 - 1 }'

results=()
measure() { # LABEL COMMAND...: runs it, records seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>&1 || { tail -5 "$WORK/out"; fail "$label failed"; }
  read -r seconds kb <"$WORK/time"
  local held; held=$(tr '\r' '\n' <"$WORK/out" | grep -o "held the writer for [0-9]* ms" | tail -1 | grep -o "[0-9]*" || true)
  results+=("$(printf '%-52s %9s %10d %12s' "$label" "$seconds" $((kb / 1024)) "${held:--}")")
  tail -1 "$WORK/out"
}

for engine in $ENGINES; do
  export PATHWORK_DATA="$WORK/data-$engine"
  unset DATABASE_URL
  if [ "$engine" = postgres ]; then
    start_postgres "$WORK/pg" >/dev/null
    export DATABASE_URL; DATABASE_URL=$(create_database pathwork_bench)
  fi
  step "$engine: pathwork import oneroster"
  "$BIN" district create --slug bench --name "Bench" --timezone America/Denver >/dev/null
  measure "$engine: preview (--dry-run), empty district" "$BIN" import oneroster "$WORK/set" --district bench --dry-run
  measure "$engine: import applied" "$BIN" import oneroster "$WORK/set" --district bench
  measure "$engine: the same set again" "$BIN" import oneroster "$WORK/set" --district bench
  measure "$engine: delta of 1% of users" "$BIN" import oneroster "$WORK/delta" --district bench

  step "$engine: the engine's own load of the same files into plain tables"
  if [ "$engine" = sqlite ]; then
    { echo ".mode csv"
      for file in "$WORK"/set/*.csv; do name=$(basename "$file" .csv); echo ".import '$file' $name"; done
    } >"$WORK/import.sql"
    rm -f "$WORK/plain.sqlite"
    measure "sqlite3 .import into plain tables" sqlite3 "$WORK/plain.sqlite" <"$WORK/import.sql"
  else
    { for file in "$WORK"/set/*.csv; do
        name=$(basename "$file" .csv)
        columns=$(head -1 "$file" | tr -d '\r' | sed 's/"//g; s/[^,]*/"&" text/g')
        echo "DROP TABLE IF EXISTS plain_$name; CREATE TABLE plain_$name ($columns);"
        echo "\\copy plain_$name FROM '$file' WITH (FORMAT csv, HEADER true)"
      done
    } >"$WORK/copy.sql"
    measure "PostgreSQL COPY into plain tables" psql "$DATABASE_URL" -q -f "$WORK/copy.sql"
    stop_postgres "$WORK/pg" >/dev/null 2>&1 || true
  fi
done

printf '\n%-52s %9s %10s %12s\n' "" "seconds" "peak MB" "writer ms"
printf '%s\n' "${results[@]}"
