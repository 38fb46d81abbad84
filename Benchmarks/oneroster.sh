#!/usr/bin/env bash
# Checking a large OneRoster 1.2 bulk set (the import's dry run): a synthetic district of USERS
# users (students with guardians, teachers), with roles, demographics, CLASSES classes and nine
# enrollments per student (Benchmarks/oneroster_set.py), read and checked by
# `pathwork import oneroster SET --dry-run` on a release build. In the same run, sqlite3's own
# `.import` of the same CSV files into plain tables, as the floor of reading them at all.
# Prints the wall time and peak resident memory of each.
#
#   bash Benchmarks/oneroster.sh [USERS=1000000] [CLASSES=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
USERS=${1:-1000000}; CLASSES=${2:-20000}
use_workspace oneroster
install_missing sqlite3:sqlite3 time:/usr/bin/time zlib1g-dev:/usr/include/zlib.h
step "Building release"
swift build -c release --product pathwork >/dev/null
BIN=$(pwd)/.build/release/pathwork

step "Writing the set"
python3 Benchmarks/oneroster_set.py "$WORK/set" "$USERS" "$CLASSES"
du -sh "$WORK/set" | awk '{ print "size on disk: " $1 }'
wc -l "$WORK"/set/*.csv | tail -1 | awk '{ print "lines: " $1 }'

step "pathwork import oneroster --dry-run"
export PATHWORK_DATA="$WORK/data"
"$BIN" district create --slug bench --name "Bench" --timezone America/Denver >/dev/null
/usr/bin/time -f "%e %M" -o "$WORK/check.time" "$BIN" import oneroster "$WORK/set" --district bench --dry-run >"$WORK/check.out" 2>&1 || true
tail -1 "$WORK/check.out"
read -r check_s check_kb <"$WORK/check.time"

step "sqlite3 .import of the same files"
{
  echo ".mode csv"
  for file in "$WORK"/set/*.csv; do name=$(basename "$file" .csv); echo ".import '$file' $name"; done
} >"$WORK/import.sql"
/usr/bin/time -f "%e %M" -o "$WORK/sqlite.time" sqlite3 "$WORK/plain.sqlite" <"$WORK/import.sql"
read -r sqlite_s sqlite_kb <"$WORK/sqlite.time"

printf '\n%-40s %10s %12s\n' "" "seconds" "peak RSS MB"
printf '%-40s %10s %12d\n' "pathwork import oneroster --dry-run" "$check_s" $((check_kb / 1024))
printf '%-40s %10s %12d\n' "sqlite3 .import into plain tables" "$sqlite_s" $((sqlite_kb / 1024))
awk -v a="$check_s" -v b="$sqlite_s" 'BEGIN { printf "ratio: %.2f\n", a / b }'
