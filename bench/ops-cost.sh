#!/usr/bin/env bash
# What the request id costs on GET /clients (100 rows, one token, throttles on with the memory
# store, as shipped): Reactor's automatic context propagation (the id in the MDC on every thread,
# the default) against limited propagation (the id only in the Reactor context, no MDC restore).
# The two modes run alternately, ROUNDS times each, on the same jar and database; prints each run
# and the ratio of the medians. Needs a JDK, wrk, psql, curl and PostgreSQL on DB_HOST (127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18082}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
DB_NAME=clients_api_bench_ops
. bench/lib.sh

bench_jar
fresh_database
trap stop_service EXIT

declare -A runs
printf '%-8s %6s %12s %10s %10s\n' mode round requests/s p50 p99
for round in $(seq 1 "$ROUNDS"); do
  for mode in auto limited; do
    start_service "target/bench-ops-$mode.log" --clients-api.throttle.rates.anon= \
      --spring.reactor.context-propagation="$mode"
    [ -n "${TOKEN:-}" ] || seed_clients
    wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients" > /dev/null
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    runs[$mode]="${runs[$mode]:-} $rps"
    printf '%-8s %6s %12s %10s %10s\n' "$mode" "$round" "$rps" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
      "$(awk '$1=="99%" {print $2}' <<<"$out")"
    stop_service
  done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
a=$(median "${runs[auto]}"); l=$(median "${runs[limited]}")
echo "median requests/s: auto $a, limited $l, auto/limited $(awk -v a="$a" -v l="$l" 'BEGIN {printf "%.3f", a / l}')"
