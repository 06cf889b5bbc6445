#!/usr/bin/env bash
# The cost of GET /clients as the table grows (issue 4): for each table size in SIZES, the latency
# of the first page (/clients?limit=100) and of the deepest one (a cursor just before the last 100
# rows), run in the order first, deepest, deepest, first, with the ratio of their mean p50; then
# the NDJSON export of the whole table (Accept: application/x-ndjson) from a service restarted
# with its heap capped at 256 MB: rows a second, peak heap used (jstat samples), the largest heap
# left after a GC ("no GC" when none ran during the export), and the peak RSS.
# The rows are seeded with psql (insert ... select from generate_series) into a database of its
# own, which is dropped and recreated on every run.
# Needs: a JDK (java, jstat), wrk, curl, psql, xxd or python3, and a PostgreSQL on DB_HOST (default
# 127.0.0.1:5432, user postgres). Targets only 127.0.0.1.
# Quick run: SIZES="1000 100000" bench/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18082}
SIZES=${SIZES:-1000 100000 1000000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
JIT_WARMUP=${JIT_WARMUP:-10s}   # once, on a fresh JVM, before anything is measured
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
# Runs of each size in this order (first, deepest, deepest, first by default), so that a JVM still
# warming up or a neighbour's load that drifts during the runs weighs on both pages alike.
ORDER=${ORDER:-first deepest deepest first}
grep -qw first <<<"$ORDER" && grep -qw deepest <<<"$ORDER" && [ -z "$(tr ' ' '\n' <<<"$ORDER" | grep -Evx 'first|deepest|')" ] \
  || { echo "ORDER: words first and deepest, each at least once" >&2; exit 2; }
ROW='%-9s %-8s %3s %11s %9s %9s %8s %9s %11s'
export DB_HOST=${DB_HOST:-127.0.0.1} DB_PORT=${DB_PORT:-5432} DB_NAME=${PAGES_DB_NAME:-clients_api_pages} DB_USER=${DB_USER:-postgres} DB_PASSWORD=${DB_PASSWORD:-}
BASE="http://127.0.0.1:$PORT"

ls target/clients-api-*.jar > /dev/null 2>&1 || ./mvnw -B -q package -DskipTests
JAR=$(ls target/clients-api-*.jar | head -n 1)
JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}
# The export runs with the same options, the heap capped at 256 MB whatever JAVA_OPTS says.
EXPORT_OPTS="$(tr ' ' '\n' <<<"$JAVA_OPTS" | grep -Ev '^-Xm[sx]|^$' | tr '\n' ' ')-Xmx256m"

SIZES=$(tr ' ' '\n' <<<"$SIZES" | grep -v '^$' | sort -n -u | tr '\n' ' ')
for size in $SIZES; do
  [[ $size =~ ^[1-9][0-9]*$ ]] && [ "$size" -gt 100 ] || { echo "SIZES: $size is not a number above 100" >&2; exit 2; }
done

sql() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -X -q -v ON_ERROR_STOP=1 \
  -c "set client_min_messages = warning" -c "drop database if exists $DB_NAME with (force)" -c "create database $DB_NAME"

pid= sampler= mode=
stop() {
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=; fi
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start() {  # start <log name> <java options...>
  mode=$1; shift
  java "$@" -jar "$JAR" --server.port="$PORT" > "target/bench-$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "$BASE/clients" && return
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "service did not start; see target/bench-$mode.log" >&2; exit 1
}

# base64url, unpadded, of the 8-byte big-endian id: the service's cursor.
cursor() {
  if command -v xxd > /dev/null; then
    printf '%016x' "$1" | xxd -r -p | base64 | tr '+/' '-_' | tr -d '='
  else
    python3 -c 'import base64, struct, sys; print(base64.urlsafe_b64encode(struct.pack(">q", int(sys.argv[1]))).rstrip(b"=").decode())' "$1"
  fi
}

# A wrk latency ("850.12us", "1.20ms", "2.01s") in milliseconds.
ms() { awk -v t="$1" 'BEGIN {
  v = t + 0; u = t; sub(/^[0-9.]+/, "", u)
  if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
  printf "%.3f", v }'; }

# Checks that a page answers 200 with 100 clients before it is measured.
check_page() {
  local body status
  body=$(curl -s -w '\n%{http_code}' -H "Authorization: Token $TOKEN" "$BASE$1")
  status=${body##*$'\n'}
  [ "$status" = 200 ] && [ "$(grep -o '"id":' <<<"$body" | wc -l)" -eq 100 ] && return
  echo "$1 answered $status, not 200 with 100 clients; see target/bench-$mode.log" >&2; exit 1
}

# shellcheck disable=SC2086
start pages $JAVA_OPTS   # Flyway creates the schema on this first start
echo bench-password | java -jar "$JAR" createuser bench > /dev/null
TOKEN=$(java -jar "$JAR" createtoken bench | tail -n 1)
# One longer warm-up of the fresh JVM, so that the first page measured is not also the JIT's warm-up.
sql -c "insert into clients (first_name, last_name, email, created, updated)
        select 'Warm' || g, 'Up' || g, 'warm-up' || g || '@example.com', now(), now() from generate_series(1, 200) g"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" -H "Authorization: Token $TOKEN" "$BASE/clients?limit=100" > /dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" -H "Authorization: Token $TOKEN" "$BASE/clients?limit=100&cursor=$(cursor 100)" > /dev/null
sql -c "truncate clients restart identity"

rows=()
seeded=0
for size in $SIZES; do
  echo "seeding clients up to $size rows ..." >&2
  t0=$SECONDS
  sql -c "insert into clients (first_name, last_name, email, created, updated)
          select 'First' || g, 'Last' || g, 'client' || g || '@example.com', now(), now()
          from generate_series($((seeded + 1)), $size) g"
  sql -c "vacuum analyze clients"
  echo "  seeded and analyzed in $((SECONDS - t0)) s" >&2
  seeded=$size
  count=$(sql -c "select count(*) from clients")
  [ "$count" -eq "$size" ] || { echo "clients has $count rows, expected $size" >&2; exit 1; }
  deep_after=$(sql -c "select id from clients order by id desc offset 100 limit 1")

  declare -A path=([first]="/clients?limit=100" [deepest]="/clients?limit=100&cursor=$(cursor "$deep_after")")
  declare -A after=([first]=0 [deepest]=$deep_after) sum=([first]=0 [deepest]=0) runs=([first]=0 [deepest]=0) warmed=()
  # The same query the service runs for the page, timed inside PostgreSQL: median of 5 EXPLAIN ANALYZE.
  declare -A sql_ms=()
  for page in first deepest; do
    check_page "${path[$page]}"
    q="explain (analyze) select id, first_name, last_name, email, created, updated, version
       from clients where id > ${after[$page]} order by id limit 101"
    sql_ms[$page]=$(for _ in 1 2 3 4 5; do sql -c "$q"; done | awk '/Execution Time/ {print $3}' | sort -n | sed -n 3p)
  done
  run=0
  for page in $ORDER; do
    run=$((run + 1))
    echo "wrk $size $page (run $run): ${path[$page]}" >&2
    if [ -z "${warmed[$page]:-}" ]; then
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Token $TOKEN" "$BASE${path[$page]}" > /dev/null
      warmed[$page]=1
    fi
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Token $TOKEN" "$BASE${path[$page]}")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    runs[$page]=$((runs[$page] + 1))
    sum[$page]=$(awk -v a="${sum[$page]}" -v b="$(ms "$p50")" 'BEGIN {print a + b}')
    ratio=-
    [ "$run" -lt "$(wc -w <<<"$ORDER")" ] || ratio=$(awk -v a="${sum[deepest]}" -v n="${runs[deepest]}" \
      -v b="${sum[first]}" -v m="${runs[first]}" 'BEGIN {printf "%.2f", (a / n) / (b / m)}')
    rows+=("$(printf "$ROW" "$size" "$page" "$run" "$rps" "$p50" "$p99" "${bad:-0}" "${sql_ms[$page]}ms" "$ratio")")
  done
  unset path after sum runs warmed sql_ms
done
stop

# The export, from a fresh JVM whose heap is capped at 256 MB.
echo "export of $seeded rows as NDJSON with $EXPORT_OPTS ..." >&2
# shellcheck disable=SC2086
start export $EXPORT_OPTS -Xlog:gc:file=target/bench-export-gc.log
jstat -gc "$pid" 200 > target/bench-export-jstat.txt 2>&1 &
sampler=$!
sleep 1
gc_before=$(wc -l < target/bench-export-gc.log)
set +e
lines=$(curl -sS -H "Accept: application/x-ndjson" -H "Authorization: Token $TOKEN" "$BASE/clients" \
  -w '%{stderr}%{http_code} %{size_download} %{time_total}\n' 2> target/bench-export-curl.txt | wc -l)
curl_exit=${PIPESTATUS[0]}
set -e
sleep 0.5
kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=
status=000 bytes=0 seconds=1
read -r status bytes seconds < <(grep -E '^[0-9]{3} [0-9]+ [0-9.]+$' target/bench-export-curl.txt | tail -n 1) || true
status=${status:-000} bytes=${bytes:-0} seconds=${seconds:-1}
rss_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
# Heap used = survivors + eden + old, in KB, at each 200 ms sample.
peak_kb=$(awk '$1 == "S0C" { for (i = 1; i <= NF; i++) col[$i] = i; next }
  col["EU"] && $1 ~ /^[0-9]/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > m) m = u }
  END { printf "%d", m }' target/bench-export-jstat.txt)
# The largest heap left after a collection during the export (the live set, what must stay flat).
after_gc_mb=$(tail -n +"$((gc_before + 1))" target/bench-export-gc.log \
  | sed -n 's/.*Pause.* [0-9]*M->\([0-9]*\)M([0-9]*M).*/\1/p' | sort -n | tail -n 1)
live="no GC"; [ -z "$after_gc_mb" ] || live="${after_gc_mb}M"
stop

echo
echo "GET /clients?limit=100: wrk -t$THREADS -c$CONNECTIONS -d$DURATION per run (a $WARMUP warm-up before each page's first run); JAVA_OPTS=$JAVA_OPTS"
echo "sql-exec: the page's query inside PostgreSQL (median of 5 EXPLAIN ANALYZE); deep/first: mean p50 of the deepest runs / mean p50 of the first runs"
printf "$ROW\n" rows page run requests/s p50 p99 non-2xx sql-exec deep/first
printf '%s\n' "${rows[@]}"
echo
echo "NDJSON export of every row; $EXPORT_OPTS"
printf '%-9s %-7s %9s %9s %10s %10s %10s %10s\n' rows status MB seconds rows/s heap-peak heap-live peak-RSS
printf '%-9s %-7s %9s %9s %10s %10s %10s %10s\n' "$lines" "$status" \
  "$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1048576}')" "$(awk -v s="$seconds" 'BEGIN {printf "%.2f", s}')" \
  "$(awk -v n="$lines" -v s="$seconds" 'BEGIN {printf "%d", n / s}')" "$((peak_kb / 1024))M" "$live" "$((rss_kb / 1024))M"
if [ "$curl_exit" -ne 0 ] || [ "$status" != 200 ] || [ "$lines" -ne "$seeded" ]; then
  echo "export incomplete: curl exit $curl_exit, HTTP $status, $lines of $seeded rows; see target/bench-export.log" >&2
  exit 1
fi
