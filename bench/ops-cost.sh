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
export DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-5432} DB_NAME=clients_api_bench_ops DB_USER=${DB_USER:-postgres} DB_PASSWORD=${DB_PASSWORD:-}

[ -f target/clients-api-*.jar ] || ./mvnw -B -q package -DskipTests
JAR=$(ls target/clients-api-*.jar | head -n 1)
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}

psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -q \
  -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME"

pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=; }
trap stop EXIT

start() {
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" --clients-api.throttle.rates.anon= \
    --spring.reactor.context-propagation="$1" > "target/bench-ops-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && return; sleep 0.5; done
  echo "service did not start; see target/bench-ops-$1.log" >&2; exit 1
}

seed() {
  echo bench-password | java -jar "$JAR" createuser bench > /dev/null
  TOKEN=$(java -jar "$JAR" createtoken bench | tail -n 1)
  for i in $(seq 1 100); do
    curl -s -o /dev/null -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"first_name\":\"F$i\",\"last_name\":\"L$i\",\"email\":\"c$i@example.com\"}" "http://127.0.0.1:$PORT/clients"
  done
}

declare -A runs
printf '%-8s %6s %12s %10s %10s\n' mode round requests/s p50 p99
for round in $(seq 1 "$ROUNDS"); do
  for mode in auto limited; do
    start "$mode"
    [ -n "${TOKEN:-}" ] || seed
    wrk -t2 -c"$CONNECTIONS" -d3s -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients" > /dev/null
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    runs[$mode]="${runs[$mode]:-} $rps"
    printf '%-8s %6s %12s %10s %10s\n' "$mode" "$round" "$rps" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
      "$(awk '$1=="99%" {print $2}' <<<"$out")"
    stop
  done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
a=$(median "${runs[auto]}"); l=$(median "${runs[limited]}")
echo "median requests/s: auto $a, limited $l, auto/limited $(awk -v a="$a" -v l="$l" 'BEGIN {printf "%.3f", a / l}')"
