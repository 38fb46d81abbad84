#!/usr/bin/env bash
# Fuzzes the API with schemathesis (every check) against its own OpenAPI document, once for
# each demo role, each on a freshly seeded demo so one role's run cannot spoil the next. Each
# run gets a fresh token and leaves alone what would take that token away mid-run (signing
# out). Prints the failures per role; exits non-zero when any role has one.
#
#   bash scripts/fuzz-api.sh BINARY [SECONDS_PER_ROLE=45] [ROLES="admin coordinator ..."]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source scripts/lib.sh
BIN=$1; SECONDS_EACH=${2:-45}
ROLES=${3:-"admin coordinator lead counselor student17 mentor client supervisor judge analyst"}
use_workspace fuzz
# The hooks (scripts/fuzz) use schemathesis's check API, which moves between releases: pinned.
SCHEMATHESIS=4.32.5
[ "$(python3 -c 'import schemathesis; print(schemathesis.__version__)' 2>/dev/null)" = "$SCHEMATHESIS" ] \
  || pip install -q --disable-pip-version-check --root-user-action=ignore "schemathesis==$SCHEMATHESIS"
failed=0
for role in $ROLES; do
  export PATHWORK_DATA="$WORK/$role"
  start_server "$BIN" "$WORK/serve-$role.log" --demo
  token=$(curl -fs -X POST -H 'Content-Type: application/json' -d "{\"email\":\"$role@demo.test\",\"password\":\"demo-password-1\"}" \
    "http://127.0.0.1:$PORT/api/v1/auth/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  set +e
  # From the scratch folder, so schemathesis keeps its cache there and not in the repository.
  (cd "$WORK" && PYTHONPATH="$ROOT/scripts/fuzz" SCHEMATHESIS_HOOKS=pathwork_hooks schemathesis run "http://127.0.0.1:$PORT/api/openapi.json" --url "http://127.0.0.1:$PORT" --checks all --exclude-checks positive_data_acceptance \
    --max-time "$SECONDS_EACH" --seed 2026 -H "Authorization: Bearer $token" --exclude-path /api/v1/auth/token \
    >"$WORK/fuzz-$role.txt" 2>&1)
  status=$?
  set -e
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cp "$WORK/serve-$role.log" "/tmp/fuzz-serve-$role.log"
    tail -20 "$WORK/serve-$role.log"
    fail "the server stopped during the $role run (its log: /tmp/fuzz-serve-$role.log)"
  fi
  stop_server
  summary=$(grep -E "^  ❌|^  ✅ No issues|generated," "$WORK/fuzz-$role.txt" | tr -s ' ' | tr '\n' ';')
  server_errors=$(grep -c "Server error" "$WORK/fuzz-$role.txt" || true)
  printf '%-12s exit %s  %s\n' "$role" "$status" "$summary"
  if [ "$status" != 0 ]; then
    failed=1; cp "$WORK/fuzz-$role.txt" "/tmp/fuzz-$role.txt"
    # CI keeps only what is printed: the failures themselves, with the curl that reproduces each.
    sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$WORK/fuzz-$role.txt" | head -150
  fi
done
[ "$failed" = 0 ] || fail "schemathesis found failures (details in /tmp/fuzz-ROLE.txt)"
echo "schemathesis: 0 failures for every role"
