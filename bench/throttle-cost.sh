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
DB_NAME=clients_api_bench
. bench/lib.sh
export REDIS_HOST=${REDIS_HOST:-127.0.0.1} REDIS_PORT=${REDIS_PORT:-6379}

bench_jar
fresh_database
trap stop_service EXIT
OFF="--clients-api.throttle.rates.anon= --clients-api.throttle.rates.user= --clients-api.throttle.rates.auth-failures= --clients-api.throttle.rates.login="

declare -A rps
printf '%-8s %12s %10s %10s %9s %8s\n' mode requests/s p50 p99 non-2xx ratio
for mode in off memory redis; do
  case $mode in
    # shellcheck disable=SC2086
    off) start_service "target/bench-$mode.log" $OFF ;;
    memory) start_service "target/bench-$mode.log" --clients-api.throttle.store=memory ;;
    redis) start_service "target/bench-$mode.log" --clients-api.throttle.store=redis ;;
  esac
  [ -n "${TOKEN:-}" ] || seed_clients
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients" > /dev/null
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/clients")
  rps[$mode]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  ratio=$(awk -v a="${rps[$mode]}" -v b="${rps[off]}" 'BEGIN {printf "%.2f", a / b}')
  printf '%-8s %12s %10s %10s %9s %8s\n' "$mode" "${rps[$mode]}" "$p50" "$p99" "${bad:-0}" "$ratio"
  stop_service
done
