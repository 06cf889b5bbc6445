#!/usr/bin/env bash
# The service killed with SIGKILL during a stream of creates, each with an Idempotency-Key, then
# started again; every request left unanswered is retried with its key. Checks: every client
# answered 201 is in the database, no key stored two clients (one row per email, one per key),
# every retry of an answered key replays the same client, and in the end every request created
# exactly one client. REQUESTS (default 400) creates, PARALLEL (default 8) at a time.
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-$(free_port)}
REQUESTS=${REQUESTS:-400}
PARALLEL=${PARALLEL:-8}
KILL_AFTER=${KILL_AFTER:-$((REQUESTS / 4))}   # answers seen before the kill
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clients-api-sigkill.XXXXXX")
BASE="http://127.0.0.1:$PORT"

fresh_database clients_api_reliability_sigkill
start_service "$PORT" "$WORK/service-1.log"
TOKEN=$(new_token sigkill)
RUN=$RANDOM$RANDOM

# create <i> <suffix>: POST /clients with key k-<i>; writes <i>.<suffix>.status/.body/.headers.
create() {
  local i=$1 out="$WORK/$1.$2"
  curl -s --max-time 10 -o "$out.body" -D "$out.headers" -w '%{http_code}' -X POST "$BASE/clients" \
    -H "Authorization: Token $TOKEN" -H "Idempotency-Key: k-$RUN-$i" -H 'Content-Type: application/json' \
    -d "{\"first_name\":\"Kill\",\"last_name\":\"Nine\",\"email\":\"kill-$RUN-$i@example.com\"}" \
    > "$out.status" || true
}
export -f create
export WORK RUN TOKEN BASE

say "firing $REQUESTS creates, $PARALLEL at a time; SIGKILL after $KILL_AFTER answers"
seq 1 "$REQUESTS" | xargs -P "$PARALLEL" -I{} bash -c 'create {} first' &
FIRER=$!
STARTED+=("$FIRER")
while [ "$(grep -l '^201$' "$WORK"/*.first.status 2>/dev/null | wc -l)" -lt "$KILL_AFTER" ]; do
  kill -0 "$FIRER" 2>/dev/null || fail "all creates ended before the kill; raise REQUESTS"
  sleep 0.05
done
kill -KILL "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
say "killed the service (pid $SERVICE_PID)"
wait "$FIRER" || true

answered=$(grep -l '^201$' "$WORK"/*.first.status | wc -l)
unanswered=$((REQUESTS - answered))
say "$answered answered 201 before or at the kill, $unanswered unanswered"
[ "$unanswered" -gt 0 ] || fail "the kill left no request unanswered; nothing was tested"
# nothing but 201 or no answer at all (000) before the kill
others=$(awk 1 "$WORK"/*.first.status | grep -v -x -e 201 -e 000 | sort | uniq -c || true)
[ -z "$others" ] || fail "statuses other than 201 or none before the kill: $others"

# 1. every client answered 201 is in the database, with its email
for status in "$WORK"/*.first.status; do
  [ "$(cat "$status")" = 201 ] || continue
  body=${status%.status}.body
  id=$(grep -o '"id":[0-9]*' "$body" | cut -d: -f2)
  email=$(grep -o '"email":"[^"]*"' "$body" | cut -d'"' -f4)
  [ "$(sql -c "select count(*) from clients where id = $id and email = '$email'")" = 1 ] \
    || fail "client $id ($email) was answered 201 but is not in the database"
done
say "all $answered clients answered 201 are in the database"

start_service "$PORT" "$WORK/service-2.log"
say "restarted; retrying every request with its key"
seq 1 "$REQUESTS" | xargs -P "$PARALLEL" -I{} bash -c 'create {} retry'

# 2. retries: all 201; an answered key replays the same client
for i in $(seq 1 "$REQUESTS"); do
  [ "$(cat "$WORK/$i.retry.status")" = 201 ] || fail "retry $i answered $(cat "$WORK/$i.retry.status"): $(cat "$WORK/$i.retry.body")"
  if [ "$(cat "$WORK/$i.first.status")" = 201 ]; then
    grep -qi '^Idempotent-Replayed: true' "$WORK/$i.retry.headers" || fail "retry $i of an answered key was not a replay"
    cmp -s "$WORK/$i.first.body" "$WORK/$i.retry.body" || fail "retry $i replayed another client"
  fi
done
# 3. one client per key: one row per email, every email present, one stored response per key
dupes=$(sql -c "select count(*) from (select email from clients where email like 'kill-$RUN-%' group by email having count(*) > 1) d")
[ "$dupes" = 0 ] || fail "$dupes emails stored more than once"
total=$(sql -c "select count(*) from clients where email like 'kill-$RUN-%'")
[ "$total" = "$REQUESTS" ] || fail "$total clients for $REQUESTS keys"
keys=$(sql -c "select count(*) from idempotency_keys where key like 'k-$RUN-%'")
[ "$keys" = "$REQUESTS" ] || fail "$keys stored responses for $REQUESTS keys"
replayed=$(grep -li '^Idempotent-Replayed: true' "$WORK"/*.retry.headers | wc -l)
say "PASS sigkill: $REQUESTS keys, $answered answered before the kill (all stored), $unanswered retried after the restart; $replayed retries replayed; $total clients, none twice"
rm -rf "$WORK"
