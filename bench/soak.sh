#!/usr/bin/env bash
# Soak (issue 6): DURATION (default 5m) of load at CONNECTIONS (64) connections mixing reads,
# creates, bad tokens (401) and malformed JSON (400), from bench/soak.lua, against the service
# started with a bounded heap (JAVA_OPTS, default -Xmx256m). Passes when no response was
# unexpected (a status outside the mix, or a body not matching its status), wrk saw no socket
# error, and the heap used after a full GC at the end is within 10% of the same after warm-up.
# Throttling at production defaults, except the anonymous (100/min) and failed-authentication
# (20/10m) limits: all this load comes from 127.0.0.1, whose bad requests they would answer 429.
# Needs: a JDK (java, jcmd), wrk, curl, psql, and a PostgreSQL on DB_HOST (default 127.0.0.1:5432).
# Short run: DURATION=30s WARMUP=10s bench/soak.sh
source "$(dirname "$0")/../reliability/lib.sh"

DURATION=${DURATION:-5m}
WARMUP=${WARMUP:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-$(free_port)}
JAVA_OPTS=${SOAK_JAVA_OPTS:--Xmx256m -XX:+UseG1GC}
HEAP_GROWTH_PERCENT=10
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clients-api-soak.XXXXXX")
command -v wrk > /dev/null || fail "wrk is needed (apt-get install -y wrk)"
command -v jcmd > /dev/null || fail "jcmd (a JDK) is needed"

THROTTLES_OFF=(--clients-api.throttle.rates.anon= --clients-api.throttle.rates.auth-failures=)
fresh_database clients_api_soak
start_service "$PORT" "$WORK/service.log"
export SOAK_TOKEN
SOAK_TOKEN=$(new_token soak)
sql -c "insert into clients (first_name, last_name, email, created, updated)
        select 'First' || g, 'Last' || g, 'client' || g || '@example.com', now(), now() from generate_series(1, 1000) g"

# used heap (KB) after two full collections
heap_after_gc() {
  jcmd "$SERVICE_PID" GC.run > /dev/null
  jcmd "$SERVICE_PID" GC.run > /dev/null
  jcmd "$SERVICE_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -n 1 | tr -dc 0-9
}

load() {  # load <duration> <run id> <output>
  SOAK_RUN=$2 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --timeout 10s -s bench/soak.lua "http://127.0.0.1:$PORT" > "$3"
}

say "warm-up: $WARMUP"
load "$WARMUP" "w$RANDOM$RANDOM" "$WORK/warmup.txt"
heap_start=$(heap_after_gc)
say "heap used after GC, after warm-up: ${heap_start} KB; soak: $DURATION at $CONNECTIONS connections"
load "$DURATION" "s$RANDOM$RANDOM" "$WORK/soak.txt"
heap_end=$(heap_after_gc)
cat "$WORK/soak.txt"

unexpected=$(awk '/^status unexpected/ {n += $4} END {print n + 0}' "$WORK/soak.txt")
total=$(awk '/^status/ {n += $NF} END {print n + 0}' "$WORK/soak.txt")
socket_errors=$(awk '/^socket errors/ {print $3}' "$WORK/soak.txt")
growth=$(awk -v a="$heap_start" -v b="$heap_end" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
say "responses $total, unexpected $unexpected, socket errors $socket_errors; heap after GC ${heap_start} KB -> ${heap_end} KB (${growth}%)"
[ "$total" -gt 0 ] || fail "no responses counted"
[ "$unexpected" = 0 ] || fail "$unexpected unexpected responses"
[ "$socket_errors" = 0 ] || fail "$socket_errors socket errors"
# every kind of the mix was answered as it should be, in about its share (read 6, create 2, 401 1, 400 1 in 10)
for share in "200 60" "201 20" "401 10" "400 10"; do
  set -- $share
  n=$(awk -v s="$1" '$1 == "status" && $2 == s {print $3}' "$WORK/soak.txt")
  [ -n "$n" ] && [ $((n * 100 / total)) -ge $(($2 - 3)) ] || fail "status $1: ${n:-0} of $total, expected about $2%"
done
[ "$heap_end" -le $((heap_start * (100 + HEAP_GROWTH_PERCENT) / 100)) ] \
  || fail "heap after GC grew from ${heap_start} KB to ${heap_end} KB, over ${HEAP_GROWTH_PERCENT}%"
say "PASS soak: $DURATION, $total responses, none unexpected, no socket error, heap after GC ${growth}%"
rm -rf "$WORK"
