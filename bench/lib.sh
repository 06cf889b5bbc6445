# Shared by the bench scripts, sourced after each sets PORT and DB_NAME: the database, the jar, one
# service started and stopped by pid, and its seed. Targets only 127.0.0.1.
export DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-5432} DB_USER=${DB_USER:-postgres} DB_PASSWORD=${DB_PASSWORD:-}
export DB_NAME PGPASSWORD=$DB_PASSWORD
# The production JVM settings (README, Performance): a bounded heap, a collector for 2 cores.
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}
service_pid=

# Builds the jar unless SKIP_BUILD is set and one is there; sets JAR.
bench_jar() {
  if [ -z "${SKIP_BUILD:-}" ] || ! ls target/clients-api-*.jar > /dev/null 2>&1; then
    ./mvnw -B -q package -DskipTests
  fi
  JAR=$(ls target/clients-api-*.jar | grep -v original | head -n 1)
}

fresh_database() {
  psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -X -q -v ON_ERROR_STOP=1 \
    -c "set client_min_messages = warning" -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME"
}

# start_service LOG [ARGS...]: the jar with JAVA_OPTS and ARGS on PORT, once it answers.
start_service() {
  local log=$1; shift
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" --server.port="$PORT" "$@" > "$log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && return
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "the service did not start; see $log" >&2; exit 1
}

stop_service() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  service_pid=
}

# A user and its token (TOKEN) made through the command line, then 100 clients made through the API.
seed_clients() {
  echo bench-password-1 | java -jar "$JAR" createuser bench > /dev/null
  TOKEN=$(java -jar "$JAR" createtoken bench | tail -n 1)
  for i in $(seq 1 100); do
    curl -s -f -o /dev/null -H "Authorization: Token $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"first_name\":\"First$i\",\"last_name\":\"Last$i\",\"email\":\"client$i@example.com\"}" \
      "http://127.0.0.1:$PORT/clients"
  done
}
