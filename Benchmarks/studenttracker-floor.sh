#!/usr/bin/env bash
# PostgreSQL's floor under the StudentTracker import (#25): how long the server by itself takes to
# store ROWS rows shaped as the import's `postsecondary_records` rows (ordered ids, four rows a
# student), by server-side COPY from a file (no client in the time), into tables from the plain
# load's shape (text columns, no key) up to the table as the migrations make it; the same rows by
# INSERT … SELECT FROM unnest of 10,000-row arrays (what binary binds would do); and psql's own
# COPY of them into text columns, the plain load `studenttracker.sh` compares the import with.
# Each load runs twice after TRUNCATE and a checkpoint; the second is the figure to read.
#
#   bash Benchmarks/studenttracker-floor.sh [ROWS=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ROWS=${1:-1000000}
use_workspace studenttracker-floor
install_missing "postgresql:$PGBIN/initdb"
step "Building release"
swift build -c release --product pathwork >/dev/null
start_postgres "$WORK/pg"
export DATABASE_URL; DATABASE_URL=$(create_database pathwork_floor)
step "Migrating (a district of ten students)"
.build/release/pathwork generate --districts 1 --students 10 --weeks 0 --seed 25 >"$WORK/generate.log" 2>&1 || { tail "$WORK/generate.log"; fail generate; }
# The server writes and reads the rows' file itself, so it lives where the server's user may.
ROWFILE="$WORK/rows/rows.copy"; mkdir -p "$WORK/rows"; chown postgres:postgres "$WORK/rows"
psql_super() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d pathwork_floor -q -v ON_ERROR_STOP=1 "$@"; }
COLUMNS="id, district_id, student_id, import_id, kind, college_code, college_name, college_state, level, control, begins_on, ends_on, status, graduated_on, degree_title"

step "Writing $ROWS rows"
psql_super <<SQL
-- The table as it is (its key and both indexes; LIKE copies no foreign key, and PostgreSQL has
-- none on it since CheckLoadedStudentsInTheChange), and the lesser shapes.
CREATE TABLE as_is (LIKE postsecondary_records INCLUDING ALL);
CREATE UNLOGGED TABLE as_is_unlogged (LIKE postsecondary_records INCLUDING ALL);
CREATE TABLE typed (LIKE postsecondary_records INCLUDING DEFAULTS);
CREATE TABLE keyed (LIKE postsecondary_records INCLUDING DEFAULTS); ALTER TABLE keyed ADD PRIMARY KEY (id);
CREATE TABLE text_columns ($(echo "$COLUMNS" | sed 's/,/ text,/g') text);
CREATE UNLOGGED TABLE src AS SELECT lpad(to_hex(i), 32, '0')::uuid AS id, '00000000-0000-0000-0000-00000000000a'::uuid AS district_id,
  lpad(to_hex(i / 4 + 1000000000), 32, '0')::uuid AS student_id, '00000000-0000-0000-0000-0000000000bb'::uuid AS import_id,
  'enrollment'::text AS kind, '00' || (i % 3000) || '00' AS college_code, 'Community College ' || (i % 3000) AS college_name,
  'WA'::text AS college_state, '2'::text AS level, 'Public'::text AS control, '2024-09-0' || (i % 9 + 1) AS begins_on,
  '2024-12-1' || (i % 9) AS ends_on, 'F'::text AS status, NULL::text AS graduated_on, NULL::text AS degree_title
  FROM generate_series(0, $ROWS - 1) i;
COPY src TO '$ROWFILE';
CREATE UNLOGGED TABLE chunks AS SELECT n, array_agg(id ORDER BY id) a1, array_agg(district_id ORDER BY id) a2, array_agg(student_id ORDER BY id) a3,
  array_agg(import_id ORDER BY id) a4, array_agg(kind ORDER BY id) a5, array_agg(college_code ORDER BY id) a6, array_agg(college_name ORDER BY id) a7,
  array_agg(college_state ORDER BY id) a8, array_agg(level ORDER BY id) a9, array_agg(control ORDER BY id) a10, array_agg(begins_on ORDER BY id) a11,
  array_agg(ends_on ORDER BY id) a12, array_agg(status ORDER BY id) a13, array_agg(graduated_on ORDER BY id) a14, array_agg(degree_title ORDER BY id) a15
  FROM (SELECT (row_number() OVER (ORDER BY id) - 1) / 10000 AS n, * FROM src) numbered GROUP BY n;
SQL

# timed LABEL TABLE STATEMENT: the statement's time, twice, each after emptying TABLE.
timed() {
  local label=$1 table=$2 statement=$3 times
  times=$(for _ in 1 2; do
    psql_super -c "TRUNCATE $table" -c CHECKPOINT -c '\timing on' -c "$statement" | awk '/^Time:/ { t = $2 } END { printf "%.0f ms ", t }'
  done)
  printf '%-72s %s\n' "$label" "$times"
}
step "Server time to store the rows (two runs)"
timed "COPY into text columns, no key (the plain load's shape)" text_columns "COPY text_columns FROM '$ROWFILE'"
timed "COPY into the table's types, no key" typed "COPY typed ($COLUMNS) FROM '$ROWFILE'"
timed "COPY into the table's types with its primary key" keyed "COPY keyed ($COLUMNS) FROM '$ROWFILE'"
timed "COPY into postsecondary_records as it is (key and two indexes)" as_is "COPY as_is ($COLUMNS) FROM '$ROWFILE'"
timed "COPY into the same, unlogged" as_is_unlogged "COPY as_is_unlogged ($COLUMNS) FROM '$ROWFILE'"
timed "INSERT ... SELECT FROM unnest of 10,000-row arrays into it as it is" as_is \
  "DO \$\$ DECLARE c record; BEGIN FOR c IN SELECT * FROM chunks ORDER BY n LOOP
     INSERT INTO as_is ($COLUMNS) SELECT * FROM unnest(c.a1, c.a2, c.a3, c.a4, c.a5, c.a6, c.a7, c.a8, c.a9, c.a10, c.a11, c.a12, c.a13, c.a14, c.a15);
   END LOOP; END \$\$"
timed "COPY into the table's types, then its key and both indexes built" typed \
  "DROP INDEX IF EXISTS typed_student; DROP INDEX IF EXISTS typed_import; ALTER TABLE typed DROP CONSTRAINT IF EXISTS typed_pkey;
   COPY typed ($COLUMNS) FROM '$ROWFILE'; ALTER TABLE typed ADD PRIMARY KEY (id);
   CREATE INDEX typed_student ON typed (district_id, student_id); CREATE INDEX typed_import ON typed (district_id, import_id)"
step "psql's COPY of the same rows into text columns (client included)"
psql_super -c "TRUNCATE text_columns" -c CHECKPOINT
start=$(date +%s%N)
psql_super -c "\\copy text_columns FROM '$ROWFILE'"
echo "$(( ($(date +%s%N) - start) / 1000000 )) ms"
