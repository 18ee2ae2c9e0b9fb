#!/usr/bin/env bash
# Scale-out figure: producer throughput of 1 broker against 3 brokers on ONE PostgreSQL database
# (cluster mode), with the same client load: three Kafka ProducerPerformance processes at once,
# each bootstrapped at another broker (all at the same one when there is one), writing one
# 6-partition topic. A command to run by hand, not a test: the figure depends on the machine.
#
#   bench/scale.sh            300,000 records of 100 B per producer
#   bench/scale.sh --quick    30,000 per producer
#
# Environment: SCALE_RECORDS (per producer), PG_URL (server, default jdbc:postgresql://127.0.0.1:5432),
# PG_USER (postgres), PG_PASSWORD (empty), OURS_JAVA_OPTS, BENCH_OUT (default target/bench).
# Needs psql and a PostgreSQL that PG_USER may create databases on; each run uses a fresh database,
# dropped at the end. Nothing is left running.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

RECORDS=${SCALE_RECORDS:-300000}
for arg in "$@"; do
  case "$arg" in
    --quick) RECORDS=${SCALE_RECORDS:-30000} ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-}
PG_HOSTPORT=${PG_URL#jdbc:postgresql://}
OURS_JAVA_OPTS=${OURS_JAVA_OPTS:-"-Xms32m -Xmx256m -XX:+UseSerialGC -XX:MaxInlineLevel=9 -XX:InlineSmallCode=1000"}
OUT=${BENCH_OUT:-$ROOT/target/bench}
LIB=$ROOT/target/bench-lib
CLASSES=$OUT/scale-classes
mkdir -p "$OUT"
log() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
psql_admin() { PGPASSWORD=$PG_PASSWORD psql -q -h "${PG_HOSTPORT%:*}" -p "${PG_HOSTPORT#*:}" -U "$PG_USER" -d postgres -c "$1"; }

APP_JAR=$ROOT/target/quarkus-app-postgresql/quarkus-run.jar
if [[ ! -f $APP_JAR ]] || [[ -n $(find src/main pom.xml -newer "$APP_JAR" -print -quit) ]]; then
  log "packaging kafka-clone (H2 and PostgreSQL builds)"
  ./mvnw -B -q package -DskipTests
fi
if [[ ! -f $LIB/kafka-tools-4.4.0.jar ]]; then
  log "fetching Apache Kafka 4.4.0 tools into $LIB"
  ./mvnw -B -q -f bench/pom.xml package
fi
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -nowarn -cp "$LIB/*" -d "$CLASSES" bench/src/io/kafkaclone/bench/FreePorts.java
tool() { java -Xmx256m -cp "$CLASSES:$LIB/*" "$@"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kafka-clone-scale.XXXXXX")
PIDS=()
DBS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for db in "${DBS[@]}"; do psql_admin "drop database if exists $db with (force)" || true; done
  PIDS=(); DBS=()
}
trap 'stop_all; rm -rf "$WORK"' EXIT

wait_log() { # file pattern pid
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { log "broker died; see $1"; tail -30 "$1" >&2; exit 1; }
    sleep 0.2
  done
  log "no '$2' in $1"; exit 1
}

# run <brokers> -> prints records/s of all three producers together
run() {
  # run is called as $(run N), a subshell: it stops its own brokers and drops its database on any exit
  trap stop_all EXIT
  local n=$1 db="kafka_clone_scale_$$_$1" i
  psql_admin "create database $db"; DBS+=("$db")
  mapfile -t PORTS < <(tool io.kafkaclone.bench.FreePorts $((3 * n)))
  local started=() bootstraps=()
  for ((i = 0; i < n; i++)); do
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=2 java $OURS_JAVA_OPTS -Dquarkus.datasource.jdbc.url="$PG_URL/$db" \
      -Dquarkus.datasource.username="$PG_USER" -Dquarkus.datasource.password="$PG_PASSWORD" \
      -Dkafka-clone.cluster.enabled=true -Dkafka-clone.default-partitions=6 \
      -Dquarkus.http.port="${PORTS[$((3 * i))]}" -Dquarkus.http.host=127.0.0.1 \
      -Dkafka-clone.line.port="${PORTS[$((3 * i + 1))]}" -Dkafka-clone.line.host=127.0.0.1 \
      -Dkafka-clone.kafka.port="${PORTS[$((3 * i + 2))]}" -Dkafka-clone.kafka.host=127.0.0.1 \
      -jar "$APP_JAR" >"$WORK/broker-$n-$i.log" 2>&1 &
    PIDS+=($!); started+=($!)
    wait_log "$WORK/broker-$n-$i.log" "started in" $!
    bootstraps+=("127.0.0.1:${PORTS[$((3 * i + 2))]}")
  done
  local p=() total=$((3 * RECORDS))
  for ((i = 0; i < 3; i++)); do
    tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "${bootstraps[$((i % n))]}" --topic scale \
      --num-records "$RECORDS" --record-size 100 --throughput -1 \
      --command-property acks=all linger.ms=5 batch.size=65536 >"$WORK/producer-$n-$i.log" 2>&1 &
    p+=($!)
  done
  for pid in "${p[@]}"; do wait "$pid" || { log "a producer failed"; tail -20 "$WORK"/producer-$n-*.log >&2; exit 1; }; done
  for pid in "${started[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  # every record acknowledged and stored once: the partitions' log ends add up to what was sent
  local stored
  stored=$(PGPASSWORD=$PG_PASSWORD psql -qtA -h "${PG_HOSTPORT%:*}" -p "${PG_HOSTPORT#*:}" -U "$PG_USER" -d "$db" \
    -c "select coalesce(sum(next_offset), 0) from topic_partition")
  [[ $stored == "$total" ]] || { log "$n broker(s): $stored records stored, $total sent"; exit 1; }
  # the producers ran side by side: their own rates (JVM start excluded) add up to the cluster's
  # (the last 'records sent' line of each is its total; the earlier ones are 5-second windows)
  for f in "$WORK"/producer-$n-*.log; do grep 'records sent' "$f" | tail -1; done \
    | awk '{ sub(/.* records sent, /, ""); sum += $1 } END { printf "%.0f\n", sum }'
}

log "1 broker: 3 producers x $RECORDS records"
ONE=$(run 1)
log "3 brokers: 3 producers x $RECORDS records"
THREE=$(run 3)
{
  echo "| brokers on one PostgreSQL | records | records/s (sum of 3 concurrent producers, acks=all, 100 B, 6 partitions) |"
  echo "|---|---|---|"
  echo "| 1 | $((3 * RECORDS)) | $ONE |"
  echo "| 3 | $((3 * RECORDS)) | $THREE |"
} | tee "$OUT/scale.md"
