#!/usr/bin/env bash
# The cost of throttling on GET /clients (100 rows, one token): the same jar, the same database,
# run three times in a row: throttles off, the memory store, the Redis store. Prints requests a
# second and latency from wrk, and each mode's ratio to "off" measured in this same run.
# Needs: a JDK, wrk, psql and a PostgreSQL on DB_HOST (default 127.0.0.1:5432, user postgres),
# Redis on 127.0.0.1:6379. Targets only 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18081}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
export DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-5432} DB_NAME=clients_api_bench DB_USER=${DB_USER:-postgres} DB_PASSWORD=${DB_PASSWORD:-}
export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379}

[ -f target/clients-api-*.jar ] || ./mvnw -B -q package -DskipTests
JAR=$(ls target/clients-api-*.jar | head -n 1)
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}

psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -q \
  -c "drop database if exists clients_api_bench with (force)" -c "create database clients_api_bench"

OFF="--clients-api.throttle.rates.anon= --clients-api.throttle.rates.user= --clients-api.throttle.rates.auth-failures= --clients-api.throttle.rates.login="
pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=; }
trap stop EXIT

start() {
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" "$@" > "target/bench-$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/clients" && return; sleep 0.5; done
  echo "service did not start; see target/bench-$mode.log" >&2; exit 1
}

seed() {
  echo bench-password | java -jar "$JAR" createuser bench > /dev/null
  TOKEN=$(java -jar "$JAR" createtoken bench | tail -n 1)
  for i in $(seq 1 100); do
    curl -s -o /dev/null -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"first_name\":\"F$i\",\"last_name\":\"L$i\",\"email\":\"c$i@example.com\"}" "http://127.0.0.1:$PORT/clients"
  done
}

declare -A rps
printf '%-8s %12s %10s %10s %9s %8s\n' mode requests/s p50 p99 non-2xx ratio
for mode in off memory redis; do
  case $mode in
    off) start $OFF ;;
    memory) start --clients-api.throttle.store=memory ;;
    redis) start --clients-api.throttle.store=redis ;;
  esac
  [ -n "${TOKEN:-}" ] || seed
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients" > /dev/null
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients")
  rps[$mode]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  ratio=$(awk -v a="${rps[$mode]}" -v b="${rps[off]}" 'BEGIN {printf "%.2f", a / b}')
  printf '%-8s %12s %10s %10s %9s %8s\n' "$mode" "${rps[$mode]}" "$p50" "$p99" "${bad:-0}" "$ratio"
  stop
done
