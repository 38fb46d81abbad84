#!/usr/bin/env bash
# Payroll for 5,000 students over a two-week pay period (~100,000 approved entries), on a
# release build, SQLite and PostgreSQL. In the same run it times the export through the API
# (query, wages, CSV, HTTP) and one hand-written SQL GROUP BY over the same database, and
# checks the two agree on every student's minutes and gross pay to the cent.
#
#   bash Benchmarks/payroll.sh [STUDENTS=5000] [RUNS=21]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
STUDENTS=${1:-5000}; RUNS=${2:-21}
use_workspace payroll
install_missing "postgresql:$PGBIN/initdb" sqlite3:sqlite3 curl:curl zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=.build/release/pathwork

# Gross pay = Σ minutes × wage ÷ 60 once, half up; the same figures the CSV must carry.
GROUP_BY="SELECT s.student_number, CAST(SUM(e.minutes) AS BIGINT), (CAST(SUM(e.minutes * e.hourly_wage_cents) AS BIGINT) + 30) / 60
FROM time_entries e JOIN student_profiles s ON s.person_id = e.student_id
WHERE e.status = 'approved' AND e.work_date >= :start AND e.work_date <= :end
GROUP BY s.student_number ORDER BY s.student_number"

measure() {  # measure ENGINE: serves the generated data, times both, compares.
  local token period start end
  start_server "$BIN" "$WORK/serve-$1.log"
  token=$(awk '$2 == "coordinator" { print $5 }' "$WORK/tokens-$1.txt")
  read -r period start end < <(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/pay-periods" |
    python3 -c 'import json,sys; p=max(json.load(sys.stdin), key=lambda p: p["endsOn"]); print(p["id"], p["startsOn"], p["endsOn"])')
  local url="http://127.0.0.1:$PORT/api/v1/pay-periods/$period/payroll.csv"
  curl -fs -H "Authorization: Bearer $token" "$url" -o "$WORK/payroll-$1.csv"  # warm-up, and the file to compare
  local api
  api=$(for _ in $(seq 1 "$RUNS"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url"; done | awk '{ print $1 * 1000 }' | median_ms)
  stop_server

  local sql="${GROUP_BY//:start/\'$start\'}"; sql="${sql//:end/\'$end\'}"
  local hand
  if [ "$1" = sqlite ]; then
    local db="$WORK/sqlite/pathwork.sqlite"
    sqlite3 -csv "$db" "$sql" >"$WORK/sql-$1.csv"
    hand=$(for _ in $(seq 1 "$RUNS"); do printf '.timer on\n%s;\n' "$sql"; done | sqlite3 "$db" |
      awk '/^Run Time/ { print $4 * 1000 }' | median_ms)
  else
    psql "$DATABASE_URL" -q -A -F, -t -c "$sql" >"$WORK/sql-$1.csv"
    hand=$( (echo '\timing on'; echo '\o /dev/null'; for _ in $(seq 1 "$RUNS"); do echo "$sql;"; done) | psql "$DATABASE_URL" -q 2>&1 |
      awk '/^Time:/ { print $2 }' | median_ms)
  fi
  python3 - "$WORK/payroll-$1.csv" "$WORK/sql-$1.csv" <<'PY' || fail "payroll CSV and hand-written SQL disagree"
import csv, sys
api = {r["studentNumber"]: (int(r["approvedMinutes"]), int(r["grossPayCents"])) for r in csv.DictReader(open(sys.argv[1]))}
sql = {r[0]: (int(r[1]), int(r[2])) for r in csv.reader(open(sys.argv[2]))}
assert api == sql, f"{len(set(api.items()) ^ set(sql.items()))} rows differ"
print(f"           {len(api)} students agree to the cent; gross pay {sum(g for _, g in api.values())} cents")
PY
  local entries
  entries=$(awk -F, 'NR > 1 { n += 1 } END { print n }' "$WORK/payroll-$1.csv")
  printf '%-10s period %s..%s, %s students: payroll.csv via API median %s ms; hand-written GROUP BY median %s ms (%s runs each)\n' \
    "$1" "$start" "$end" "$entries" "$api" "$hand" "$RUNS"
}

step "SQLite: generating $STUDENTS students, two weeks of approved time"
export PATHWORK_DATA="$WORK/sqlite"
"$BIN" generate --students "$STUDENTS" --weeks 2 --seed 11 --tokens "$WORK/tokens-sqlite.txt" >"$WORK/generate.log" 2>&1 || { cat "$WORK/generate.log"; fail "generate failed"; }
tail -1 "$WORK/generate.log"
measure sqlite
unset PATHWORK_DATA

step "PostgreSQL 15: the same"
start_postgres "$WORK/pg"
export DATABASE_URL; DATABASE_URL=$(create_database pathwork_payroll)
"$BIN" generate --students "$STUDENTS" --weeks 2 --seed 11 --tokens "$WORK/tokens-postgres.txt" >"$WORK/generate.log" 2>&1 || { cat "$WORK/generate.log"; fail "generate failed"; }
tail -1 "$WORK/generate.log"
psql "$DATABASE_URL" -q -c "ANALYZE time_entries" -c "ANALYZE student_profiles" -c "ANALYZE people"
measure postgres
