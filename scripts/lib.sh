# Helpers shared by scripts/test and the scripts in Benchmarks/. Source it; it defines
# functions only. Every process a helper starts is stopped by PID: the server by `stop_server`,
# PostgreSQL by `stop_postgres`, both on exit once `use_workspace` has run.

step() { printf '\n=== %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_for_http URL [SECONDS]: polls until the URL answers 2xx.
wait_for_http() {
  local url=$1 tries=$(( ${2:-60} * 2 ))
  for _ in $(seq 1 "$tries"); do curl -fs "$url" >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

# use_workspace NAME: a scratch folder in WORK (the postgres user must reach its data folder
# inside), removed on exit after the server and any private PostgreSQL are stopped.
use_workspace() {
  WORK=$(mktemp -d "/tmp/pathwork-$1.XXXXXX"); chmod 755 "$WORK"
  SERVER_PID=""
  trap 'stop_server; stop_postgres; rm -rf "$WORK"' EXIT
}

# start_server BINARY LOG [ARGS...]: `BINARY serve ARGS... --port PORT` on a free loopback port,
# in SERVER_PID and PORT, once it answers /healthz; its log is shown if it never does.
start_server() {
  local binary=$1 log=$2; shift 2
  PORT=$(free_port)
  "$binary" serve "$@" --port "$PORT" >"$log" 2>&1 &
  SERVER_PID=$!
  wait_for_http "http://127.0.0.1:$PORT/healthz" 60 || { cat "$log"; fail "the server did not start ($log)"; }
}

stop_server() {
  [ -n "${SERVER_PID:-}" ] && { kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; } || true
  SERVER_PID=""
}

PGBIN=/usr/lib/postgresql/15/bin
PGDATA_DIR=""
PGPORT=""

# start_postgres DIR [throwaway]: a private PostgreSQL 15 on a loopback port, run as the
# postgres user, with a `pathwork` role. `throwaway` turns durability off, for test databases
# only; benchmarks of durable writes run with PostgreSQL's defaults.
start_postgres() {
  local dir=$1 extra=""
  [ "${2:-}" = throwaway ] && extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  PGPORT=$(free_port)
  PGDATA_DIR="$dir/data"
  mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 755 "$dir"
  runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$dir/log" -w -t 30 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $dir -c max_connections=500 $extra" start >/dev/null
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -q -v ON_ERROR_STOP=1 -c "CREATE ROLE pathwork LOGIN PASSWORD 'pathwork'"
}

# create_database NAME: prints its DATABASE_URL.
create_database() {
  psql -h 127.0.0.1 -p "$PGPORT" -U postgres -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1 OWNER pathwork"
  echo "postgres://pathwork:pathwork@127.0.0.1:$PGPORT/$1?sslmode=disable"
}

stop_postgres() {
  [ -n "$PGDATA_DIR" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  PGDATA_DIR=""
}

# install_missing PACKAGE:COMMAND...: apt-installs the packages whose command (or, given as a
# path, file) is absent.
install_missing() {
  local packages=() pair
  for pair in "$@"; do command -v "${pair#*:}" >/dev/null || [ -e "${pair#*:}" ] || packages+=("${pair%%:*}"); done
  [ ${#packages[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || fail "installing ${packages[*]} needs root"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
}

# Benchmarks: the median of numbers on stdin; an API read's median over RUNS, after a warm-up.
median_ms() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] }'; }

time_url() {  # time_url URL TOKEN: median milliseconds over RUNS, after one warm-up
  curl -fs -o /dev/null -H "Authorization: Bearer $2" "$1"
  for _ in $(seq 1 "$RUNS"); do curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $2" "$1"; done |
    awk '{ print $1 * 1000 }' | median_ms
}
