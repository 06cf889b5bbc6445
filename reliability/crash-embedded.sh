#!/usr/bin/env bash
# The embedded default (no DB_HOST: the service starts its own PostgreSQL under ./data/postgres)
# crashed as a power cut would leave it: REQUESTS (default 100) creates, one after another, each
# answered 201, then every process of that PostgreSQL and the service killed with SIGKILL at once.
# Started again on the same ./data, every answered client must be there. Also checks that the
# postmaster runs without -F and with fsync, synchronous_commit and full_page_writes on.
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-$(free_port)}
REQUESTS=${REQUESTS:-100}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clients-api-crash-embedded.XXXXXX")
JAR_PATH=$PWD/$JAR
PIDFILE=$WORK/data/postgres/postmaster.pid
BASE="http://127.0.0.1:$PORT"

# start_embedded <log>: the jar in $WORK with no DB_* at all, as a newcomer runs it.
start_embedded() {
  # shellcheck disable=SC2086
  (cd "$WORK" && exec env -u DB_HOST -u DB_PORT -u DB_NAME -u DB_USER -u DB_PASSWORD \
    java $JAVA_OPTS -jar "$JAR_PATH" --server.port="$PORT" "${THROTTLES_OFF[@]}") > "$1" 2>&1 &
  SERVICE_PID=$!
  STARTED+=("$SERVICE_PID")
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health")" = 200 ] && return
    kill -0 "$SERVICE_PID" 2>/dev/null || break
    sleep 0.5
  done
  fail "the service did not start; see $1"
}
pg_port() { sed -n 4p "$PIDFILE"; }
embedded_sql() { psql -h 127.0.0.1 -p "$(pg_port)" -U postgres -d postgres -X -q -At -v ON_ERROR_STOP=1 "$@"; }

start_embedded "$WORK/service-1.log"
postmaster=$(head -n 1 "$PIDFILE")
args=$(tr '\0' ' ' < "/proc/$postmaster/cmdline")
say "postmaster: $args"
case " $args " in *" -F "*) fail "the postmaster runs with -F (fsync off)";; esac
for setting in fsync synchronous_commit full_page_writes; do
  [ "$(embedded_sql -c "show $setting")" = on ] || fail "$setting is $(embedded_sql -c "show $setting"), not on"
done

# A token as the service stores one: the key's SHA-256 and its first 8 characters.
KEY=$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')
embedded_sql -c "with u as (insert into users (username, password) values ('crash', 'not-a-password-hash') returning id)
  insert into tokens (digest, prefix, user_id) select sha256('$KEY'::bytea), left('$KEY', 8), id from u"

say "$REQUESTS creates, each answered 201"
for i in $(seq 1 "$REQUESTS"); do
  status=$(curl -s --max-time 10 -o "$WORK/$i.body" -w '%{http_code}' -X POST "$BASE/clients" \
    -H "Authorization: Token $KEY" -H 'Content-Type: application/json' \
    -d "{\"first_name\":\"Crash\",\"last_name\":\"Embedded\",\"email\":\"crash-$i@example.com\"}") || true
  [ "$status" = 201 ] || fail "create $i answered $status: $(cat "$WORK/$i.body")"
  grep -o '"id":[0-9]*' "$WORK/$i.body" | head -n 1 | cut -d: -f2 >> "$WORK/ids"
done

victims=$(ps -o pid= --ppid "$postmaster" | tr -d ' ' | tr '\n' ' ')
kill -KILL "$postmaster" $victims "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
say "killed the postmaster ($postmaster), its processes ($victims) and the service"

start_embedded "$WORK/service-2.log"
ids=$(paste -sd, "$WORK/ids")
kept=$(embedded_sql -c "select count(*) from clients where id in ($ids)")
[ "$kept" = "$REQUESTS" ] || fail "$kept of $REQUESTS acknowledged clients left after the crash"
say "PASS crash-embedded: all $REQUESTS acknowledged clients kept after SIGKILL of every PostgreSQL process"
stop_all
rm -rf "$WORK"
