#!/usr/bin/env bash
# SIGTERM while slow requests run (SLOW NDJSON exports of ROWS clients, each read at RATE bytes a
# second, so they outlast the signal). Checks: each finishes with 200 and every row, a connection
# opened after shutdown began is refused, and the process exits within the grace period
# (spring.lifecycle.timeout-per-shutdown-phase, 20 s) plus EXIT_SLACK_MS; prints the exit time.
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-$(free_port)}
ROWS=${ROWS:-20000}
SLOW=${SLOW:-4}
RATE=${RATE:-800k}
GRACE_MS=20000
EXIT_SLACK_MS=${EXIT_SLACK_MS:-5000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clients-api-sigterm.XXXXXX")
BASE="http://127.0.0.1:$PORT"

fresh_database clients_api_reliability_sigterm
start_service "$PORT" "$WORK/service.log"
TOKEN=$(new_token sigterm)
sql -c "insert into clients (first_name, last_name, email, created, updated)
        select 'First' || g, 'Last' || g, 'client' || g || '@example.com', now(), now() from generate_series(1, $ROWS) g"

say "starting $SLOW NDJSON exports of $ROWS rows at $RATE/s each"
streams=()
for i in $(seq 1 "$SLOW"); do
  curl -s --limit-rate "$RATE" --max-time 60 -o "$WORK/stream-$i.ndjson" -w '%{http_code}' \
    -H "Authorization: Token $TOKEN" -H 'Accept: application/x-ndjson' "$BASE/clients" > "$WORK/stream-$i.status" &
  streams+=($!)
  STARTED+=($!)
done
# every export under way before the signal
for i in $(seq 1 "$SLOW"); do
  for _ in $(seq 1 100); do [ -s "$WORK/stream-$i.ndjson" ] && break; sleep 0.1; done
  [ -s "$WORK/stream-$i.ndjson" ] || fail "export $i did not start"
done

signalled=$(now_ms)
kill -TERM "$SERVICE_PID"
say "SIGTERM sent to $SERVICE_PID"
for _ in $(seq 1 100); do grep -q 'Commencing graceful shutdown' "$WORK/service.log" && break; sleep 0.05; done
grep -q 'Commencing graceful shutdown' "$WORK/service.log" || fail "no graceful shutdown began"
# New requests are not served: none gets an answer, and within 2 s connections are refused
# outright (curl: 7). The log line comes just before the listening socket closes, so a connection
# made in between is reset unanswered (curl: 56 or 52), which is also a refusal.
refused=
for _ in $(seq 1 40); do
  attempt=0
  answered=$(curl -s --max-time 3 -o /dev/null -w '%{http_code}' "$BASE/actuator/health") || attempt=$?
  [ "$attempt" != 0 ] || fail "a request made after shutdown began was answered ($answered)"
  if [ "$attempt" = 7 ]; then refused=yes; break; fi
  sleep 0.05
done
[ -n "$refused" ] || fail "new connections were still accepted 2 s after shutdown began (last curl exit $attempt)"

wait "$SERVICE_PID" && code=0 || code=$?
exited=$(now_ms)
exit_ms=$((exited - signalled))
say "the process exited with $code, $exit_ms ms after SIGTERM"
for p in "${streams[@]}"; do wait "$p" || fail "an export's curl failed"; done
for i in $(seq 1 "$SLOW"); do
  [ "$(cat "$WORK/stream-$i.status")" = 200 ] || fail "export $i answered $(cat "$WORK/stream-$i.status")"
  lines=$(wc -l < "$WORK/stream-$i.ndjson")
  [ "$lines" = "$ROWS" ] || fail "export $i ended after $lines of $ROWS rows"
  tail -n 1 "$WORK/stream-$i.ndjson" | grep -q "\"email\":\"client$ROWS@example.com\"" || fail "export $i: last row missing"
done
[ "$exit_ms" -le $((GRACE_MS + EXIT_SLACK_MS)) ] || fail "exit took $exit_ms ms, over the ${GRACE_MS} ms grace period"
# 143: the JVM's status after SIGTERM, once its shutdown hooks have run
[ "$code" = 143 ] || [ "$code" = 0 ] || fail "the process exited with $code"
say "PASS sigterm: $SLOW exports of $ROWS rows under way at the signal all ended 200 and whole; new connection refused; exited $exit_ms ms after SIGTERM (grace ${GRACE_MS} ms)"
rm -rf "$WORK"
