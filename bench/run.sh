#!/usr/bin/env bash
# The project's benchmark (issue 9): the service under wrk against PostgreSQL's own limit for the
# same SQL under pgbench, measured in one run so the ratios mean something on a shared machine.
#
#   bash bench/run.sh                 # build, start, seed, measure, print the table, stop
#   DURATION=5s WARMUP=2s bash bench/run.sh   # quicker
#
# Needs a JDK, wrk, pgbench and psql (apt: wrk postgresql-client), and PostgreSQL on DB_HOST
# (default 127.0.0.1:5432, user postgres; the machine's cluster is started when it is down and
# stopped again at the end). It uses a database of its own, clients_api_bench, made fresh.
# Targets only 127.0.0.1. Everything it starts it stops, by pid.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18090}
DURATION=${DURATION:-15s}
# Each scenario runs this long before it is measured: the JIT needs it (5 s left the list at a third of its speed).
WARMUP=${WARMUP:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DB_NAME=clients_api_bench
. bench/lib.sh
LOG=target/bench-service.log
WORK=$(mktemp -d)

for tool in wrk pgbench psql curl; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install wrk postgresql-client curl)" >&2; exit 1; }
done

started_cluster=
cleanup() {
  stop_service
  if [ -n "$started_cluster" ]; then pg_ctlcluster --skip-systemctl-redirect "$started_cluster" main stop || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

psql_q() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }

start_database() {
  pg_isready -h "$DB_HOST" -p "$DB_PORT" -q && return
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || { echo "no PostgreSQL at $DB_HOST:$DB_PORT and none installed to start" >&2; exit 1; }
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  started_cluster=$version
  for _ in $(seq 1 30); do pg_isready -h "$DB_HOST" -p "$DB_PORT" -q && return; sleep 1; done
  echo "PostgreSQL did not start" >&2; exit 1
}

seed() {
  seed_clients
  CLIENT_ID=$(psql_q -d "$DB_NAME" -c "select min(id) from clients")
  DIGEST=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
}

# wrk_run NAME PATH EXPECT [MODE] [TOKEN]: a warm-up, then the measured run; one table row.
wrk_run() {
  local name=$1 path=$2 expect=$3 mode=${4:-} token=${5:-}
  EXPECT=$expect MODE=$mode TOKEN=$token wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/wrk.lua \
    "http://127.0.0.1:$PORT$path" > /dev/null
  local out
  out=$(EXPECT=$expect MODE=$mode TOKEN=$token wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/wrk.lua \
    "http://127.0.0.1:$PORT$path" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}')
  read -r rps p50 p99 bad errors <<<"$out"
  RPS[$name]=$rps
  ROW[$name]="$p50 $p99 $bad $errors"
  # wrk has cut its connections: the service must have left nothing running in the database.
  sleep 1
  STUCK[$name]=$(psql_q -d postgres -c "select count(*) from pg_stat_activity where datname = '$DB_NAME' and state <> 'idle' and pid <> pg_backend_pid()")
}

# pgbench_run NAME SCRIPT...: the same SQL the service runs for that scenario, one transaction each.
pgbench_run() {
  local name=$1; shift
  cat "$@" > "$WORK/$name.sql"
  pgbench -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T 5 \
    -D digest="$DIGEST" -D id="$CLIENT_ID" -f "$WORK/$name.sql" "$DB_NAME" > /dev/null 2>&1
  PG[$name]=$(pgbench -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -n -M prepared -c "$CONNECTIONS" -j "$THREADS" \
    -T "${DURATION%s}" -D digest="$DIGEST" -D id="$CLIENT_ID" -f "$WORK/$name.sql" "$DB_NAME" 2>&1 \
    | awk '/^tps/ {printf "%.1f", $3; exit}')
}

bench_jar
start_database
fresh_database
start_service "$LOG"
seed

declare -A RPS ROW STUCK PG
# Each scenario and its pgbench twin back to back, so both see the same machine and table.
wrk_run unauthenticated /clients 401
wrk_run list /clients 200 "" "$TOKEN"
pgbench_run list bench/pgbench/token.sql bench/pgbench/list.sql
wrk_run get "/clients/$CLIENT_ID" 200 "" "$TOKEN"
pgbench_run get bench/pgbench/token.sql bench/pgbench/get.sql
wrk_run create /clients 201 create "$TOKEN"
pgbench_run create bench/pgbench/token.sql bench/pgbench/create.sql
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$service_pid/status")

echo
echo "clients-api $(git rev-parse --short HEAD 2>/dev/null || echo '?') · wrk $CONNECTIONS connections, $THREADS threads, $DURATION after $WARMUP warm-up · JAVA_OPTS: $JAVA_OPTS"
printf '%-24s %10s %9s %9s %11s %7s %10s %8s %6s\n' scenario requests/s p50_ms p99_ms unexpected errors pgbench_tps ratio stuck
for name in list get create unauthenticated; do
  read -r p50 p99 bad errors <<<"${ROW[$name]}"
  if [ "$name" = unauthenticated ]; then
    base=${RPS[get]}; label="(× GET /clients/{id})"; pg=-
  else
    base=${PG[$name]}; label=; pg=${PG[$name]}
  fi
  ratio=$(awk -v a="${RPS[$name]}" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
  case $name in
    list) title="GET /clients (100 rows)" ;; get) title="GET /clients/{id}" ;;
    create) title="POST /clients" ;; unauthenticated) title="GET /clients, no token" ;;
  esac
  printf '%-24s %10s %9s %9s %11s %7s %10s %8s %6s %s\n' "$title" "${RPS[$name]}" "$p50" "$p99" "$bad" "$errors" "$pg" "$ratio" "${STUCK[$name]}" "$label"
done
echo "peak RSS of the service: $((RSS_KB / 1024)) MB"
