# Shared by the reliability scripts (sourced, not run). Each script gets a database of its own on
# the PostgreSQL named by DB_HOST/DB_PORT (default 127.0.0.1:5432, user postgres), dropped and made
# anew, and the service from the built jar on 127.0.0.1. Everything started is stopped by pid on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-5432} DB_USER=${DB_USER:-postgres} DB_PASSWORD=${DB_PASSWORD:-}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
# Throttles would count the scripts' own requests, all from 127.0.0.1; these scripts are not about them.
THROTTLES_OFF=(--clients-api.throttle.rates.anon= --clients-api.throttle.rates.user=
  --clients-api.throttle.rates.auth-failures= --clients-api.throttle.rates.login=)

fail() { echo "FAIL: $*" >&2; exit 1; }
say() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

for tool in java curl psql; do command -v "$tool" > /dev/null || fail "$tool is needed"; done
pg_isready -h "$DB_HOST" -p "$DB_PORT" -q 2>/dev/null || fail "no PostgreSQL answers on $DB_HOST:$DB_PORT"

ls target/clients-api-*.jar > /dev/null 2>&1 || ./mvnw -B -q package -DskipTests
JAR=$(ls target/clients-api-*.jar | head -n 1)

# Processes started here, stopped on exit (the service with a SIGKILL if SIGTERM is not enough).
STARTED=()
stop_all() {
  local p
  for p in "${STARTED[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${STARTED[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  STARTED=()
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# fresh_database <name>: drops and creates it; later commands use it through DB_NAME.
fresh_database() {
  export DB_NAME=$1
  psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -X -q -v ON_ERROR_STOP=1 \
    -c "set client_min_messages = warning" -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME"
}

sql() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# start_service <port> <log> [arguments...]: starts the jar; SERVICE_PID is its pid; returns once it answers.
start_service() {
  local port=$1 log=$2; shift 2
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --server.port="$port" "${THROTTLES_OFF[@]}" "$@" > "$log" 2>&1 &
  SERVICE_PID=$!
  STARTED+=("$SERVICE_PID")
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health")" = 200 ] && return
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 0.5
  done
  fail "the service did not start; see $log"
}

# new_token <username>: a user made with the createuser task, and a token from createtoken.
new_token() {
  echo "pw-$1-$RANDOM$RANDOM" | java -jar "$JAR" createuser "$1" > /dev/null
  java -jar "$JAR" createtoken "$1" | tail -n 1
}

# free_port: a TCP port nothing listens on now (other services on this machine use fixed ones).
free_port() {
  local port
  for _ in $(seq 1 50); do
    # Below the kernel's ephemeral range (32768 and up here): a port that some outgoing connection
    # holds as its local port cannot be listened on, and nothing here would see it taken.
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  fail "no free port found"
}

# A millisecond clock.
now_ms() { date +%s%3N; }
