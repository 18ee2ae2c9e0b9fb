#!/usr/bin/env bash
# Side-by-side benchmark: kafka-clone (packaged jar) against Apache Kafka 4.4.0 (single-node KRaft),
# both driven by Kafka's own perf tools, plus the line protocol (ours only).
#
#   bench/run.sh            full size (about 9 minutes on a quiet 2-core machine, warm-up included)
#   bench/run.sh --quick    counts divided by 50 (a smoke run, under 2 minutes)
#
# Environment: BENCH_REPEAT (repetitions of runs 1-5, median shown; default 5),
# BENCH_SCALE (divisor of every count; --quick sets 50), BENCH_BIG (records of the
# big topic for the fetch-latency/storage figures; default 10,000,000 / scale), OURS_JAVA_OPTS,
# MALLOC_ARENA_MAX (ours; default 2), KAFKA_HEAP_OPTS (default: Kafka's start-script defaults),
# BENCH_OUT (default target/bench).
# Nothing is left running: both brokers are stopped on exit, data lives in a temp dir that is removed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SCALE=${BENCH_SCALE:-1}
for arg in "$@"; do
  case "$arg" in
    --quick) SCALE=${BENCH_SCALE:-50} ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

N_SMALL=$((1000000 / SCALE))      # run 1: 100 B records, then consumed by run 4
N_KIB=$((200000 / SCALE))         # run 2: 1 KiB records
N_LAT=$((20000 / SCALE))          # run 3: latency at a fixed rate
LAT_RATE=2000
N_LINE=$((1000000 / SCALE))       # run 5: line-protocol publishes
N_BIG=${BENCH_BIG:-$((10000000 / SCALE))}
N_WARM=$((300000 / SCALE))        # unmeasured warm-up of each broker before run 1
REPEAT=${BENCH_REPEAT:-5}         # runs 1-5 are repeated; the table shows each figure's median
PRODUCER_PROPS=(acks=all linger.ms=5 batch.size=65536)
# Our broker as we recommend running it (docs/performance.md); Kafka as its start script runs it.
OURS_JAVA_OPTS=${OURS_JAVA_OPTS:-"-Xms256m -Xmx256m -Xmn96m -XX:+UseSerialGC -XX:MaxInlineLevel=9 -XX:InlineSmallCode=1000"}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:-"-Xmx1G -Xms1G"}
KAFKA_JVM_PERFORMANCE_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent"

OUT=${BENCH_OUT:-$ROOT/target/bench}
LIB=$ROOT/target/bench-lib
CLASSES=$OUT/classes
mkdir -p "$OUT"

log() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- build
APP_JAR=$ROOT/target/quarkus-app/quarkus-run.jar
if [[ ! -f $APP_JAR ]] || [[ -n $(find src/main pom.xml -newer "$APP_JAR" -print -quit) ]]; then
  log "packaging kafka-clone"
  ./mvnw -B -q package -DskipTests
fi
if [[ ! -f $LIB/kafka_2.13-4.4.0.jar || ! -f $LIB/kafka-tools-4.4.0.jar ]]; then
  log "fetching Apache Kafka 4.4.0 artifacts into $LIB"
  ./mvnw -B -q -f bench/pom.xml package
fi
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -q -nowarn -cp "$LIB/*" -d "$CLASSES" $(find bench/src -name '*.java') 2>/dev/null \
  || javac -cp "$LIB/*" -d "$CLASSES" $(find bench/src -name '*.java')
TOOLS_CP="$CLASSES:$LIB/*"
tool() { java -Xmx512m -cp "$TOOLS_CP" "$@"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kafka-clone-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_port() { # port pid what
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || { log "$3 died; see $WORK"; tail -n 30 "$WORK"/*.log >&2; exit 1; }
    sleep 0.2
  done
  log "$3 did not open port $1"; exit 1
}
stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
# CPU time (user + system) a broker process has used so far, in seconds: each run's figure is the difference,
# the broker's own cost of the run, apart from the perf tool's share of the same 2 cores
CLK_TCK=$(getconf CLK_TCK)
cpu_s() { awk -v hz="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }
# bytes a broker has passed to write calls so far (files and sockets; /proc/<pid>/io wchar), in MB: a run's
# difference shows how much it wrote for the records it took
wchar_mb() { awk '/^wchar/ { printf "%.0f", $2 / 1000000 }' "/proc/$1/io"; }
# CPU ticks per thread name (digits dropped, so pools add up), "name ticks" lines: the difference of two
# snapshots says which threads of a broker did a run's work (compiler, GC, writer, event loops)
thread_ticks() {
  for f in /proc/"$1"/task/*/stat; do cat "$f" 2>/dev/null; done \
    | awk '{ n = $0; sub(/^[0-9]+ \(/, "", n); sub(/\) .*$/, "", n); gsub(/[-#]?[0-9]+$/, "", n); gsub(/ /, "_", n)
             r = $0; sub(/^.*\) /, "", r); split(r, f, " "); t[n] += f[12] + f[13] }
           END { for (n in t) print n, t[n] }'
}
thread_diff() { # before-file after-file -> "name=ticks ..." for threads that used 3 ticks or more, busiest first
  awk 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d >= 3) print d, $1 }' "$1" "$2" | sort -rn \
    | awk '{ printf "%s=%s ", $2, $1 }'
}
broker_pid() { if [[ $1 == ours ]]; then echo "$OURS"; else echo "$KAFKA"; fi; }
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
dir_bytes() { du -sb "$1" | cut -f1; }

declare -A R   # R[<broker>.<figure>] = value

# ---------------------------------------------------------------- the Kafka-protocol runs
produce() { # broker bootstrap topic count size throughput -> sets PP_* (PP_CPU: the broker's CPU seconds)
  local out before written
  before=$(cpu_s "$(broker_pid "$1")")
  written=$(wchar_mb "$(broker_pid "$1")")
  thread_ticks "$(broker_pid "$1")" >"$OUT/$1.threads.before"
  out=$(tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$2" --topic "$3" --num-records "$4" \
    --record-size "$5" --throughput "$6" --command-property "${PRODUCER_PROPS[@]}" 2>&1 | tee -a "$OUT/$1.perf.log" \
    | grep 'records sent' | tail -1)
  [[ -n $out ]] || { log "ProducerPerformance failed against $1"; tail -20 "$OUT/$1.perf.log" >&2; exit 1; }
  # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, ..."
  PP_RATE=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec.*/\1/' <<<"$out")
  PP_MB=$(sed -E 's/.*\(([0-9.]+) MB\/sec\).*/\1/' <<<"$out")
  PP_AVG=$(sed -E 's/.*, ([0-9.]+) ms avg latency.*/\1/' <<<"$out")
  PP_P50=$(sed -E 's/.*, ([0-9.]+) ms 50th.*/\1/' <<<"$out")
  PP_P99=$(sed -E 's/.*, ([0-9.]+) ms 99th.*/\1/' <<<"$out")
  PP_CPU=$(awk -v a="$(cpu_s "$(broker_pid "$1")")" -v b="$before" 'BEGIN { printf "%.2f", a - b }')
  thread_ticks "$(broker_pid "$1")" >"$OUT/$1.threads.after"
  echo "broker CPU: $PP_CPU s, written: $(($(wchar_mb "$(broker_pid "$1")") - written)) MB, thread ticks: $(thread_diff "$OUT/$1.threads.before" "$OUT/$1.threads.after")" >>"$OUT/$1.perf.log"
}

# Each run goes to ours, then at once to Kafka, so both see the same load of a shared machine.
run1() { log "$1: run 1, $N_SMALL x 100 B"; produce "$1" "$2" bench-100b "$N_SMALL" 100 -1; R[$1.r1]=$PP_RATE; R[$1.r1mb]=$PP_MB; R[$1.r1cpu]=$PP_CPU; }
run2() { log "$1: run 2, $N_KIB x 1 KiB"; produce "$1" "$2" bench-1k "$N_KIB" 1024 -1; R[$1.r2]=$PP_RATE; R[$1.r2mb]=$PP_MB; R[$1.r2cpu]=$PP_CPU; }
run3() {
  log "$1: run 3, $N_LAT x 100 B at $LAT_RATE/s"
  produce "$1" "$2" bench-latency "$N_LAT" 100 "$LAT_RATE"
  R[$1.r3avg]=$PP_AVG; R[$1.r3p50]=$PP_P50; R[$1.r3p99]=$PP_P99
}
run4() {
  local b=$1 out before
  log "$b: run 4, consume $N_SMALL with a fresh group"
  before=$(cpu_s "$(broker_pid "$b")")
  out=$(tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$2" --topic bench-100b \
    --num-records "$N_SMALL" --group "bench-$RANDOM-$$" --timeout 30000 --hide-header 2>&1 | tee -a "$OUT/$b.perf.log" | tail -1)
  # start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  R[$b.r4]=$(awk -F', *' '{print $6}' <<<"$out")
  R[$b.r4fetch]=$(awk -F', *' '{print $10}' <<<"$out")
  R[$b.r4n]=$(awk -F', *' '{print $5}' <<<"$out")
  R[$b.r4cpu]=$(awk -v a="$(cpu_s "$(broker_pid "$b")")" -v b="$before" 'BEGIN { printf "%.2f", a - b }')
  echo "broker CPU: ${R[$b.r4cpu]} s" >>"$OUT/$b.perf.log"
  # at least N: with repetitions the topic holds more, and the tool stops after the fetch that reached N
  [[ -n ${R[$b.r4n]} ]] && ((R[$b.r4n] >= N_SMALL)) || { log "$b consumed ${R[$b.r4n]} of $N_SMALL"; tail -5 "$OUT/$b.perf.log" >&2; exit 1; }
  unset "R[$b.r4n]"
}
big_topic() { # broker bootstrap data-dir
  local b=$1 bs=$2 before after out
  log "$b: big topic, $N_BIG x 100 B"
  before=$(dir_bytes "$3")
  produce "$b" "$bs" bench-big "$N_BIG" 100 -1
  R[$b.bigrate]=$PP_RATE
  after=$(dir_bytes "$3")
  R[$b.bytesrec]=$(awk -v a="$after" -v b="$before" -v n="$N_BIG" 'BEGIN {printf "%.1f", (a-b)/n}')
  log "$b: fetch latency at start/middle/end of bench-big"
  # a failure here leaves the three figures empty ("–" in the table) instead of losing the whole run
  out=$(tool io.kafkaclone.bench.FetchLatencyBench "$bs" bench-big "$N_BIG" 2>&1 | tee -a "$OUT/$b.perf.log" | grep '^fetch-latency') \
    || { log "$b: fetch-latency driver failed (see $OUT/$b.perf.log)"; out=""; }
  [[ -z $out ]] && return 0
  R[$b.fstart]=$(sed -E 's/.*start_ms=([0-9.]+).*/\1/' <<<"$out")
  R[$b.fmid]=$(sed -E 's/.*middle_ms=([0-9.]+).*/\1/' <<<"$out")
  R[$b.fend]=$(sed -E 's/.*end_ms=([0-9.]+).*/\1/' <<<"$out")
}

: >"$OUT/ours.perf.log"; : >"$OUT/kafka.perf.log"
mapfile -t PORTS < <(tool io.kafkaclone.bench.FreePorts 5)

# ---------------------------------------------------------------- start both brokers
log "starting kafka-clone ($OURS_JAVA_OPTS), data in $WORK/ours"
mkdir -p "$WORK/ours"
# shellcheck disable=SC2086
MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} java $OURS_JAVA_OPTS -Dkafka-clone.data-dir="$WORK/ours" \
  -Dquarkus.http.port="${PORTS[0]}" -Dquarkus.http.host=127.0.0.1 \
  -Dkafka-clone.line.port="${PORTS[1]}" -Dkafka-clone.line.host=127.0.0.1 \
  -Dkafka-clone.kafka.port="${PORTS[2]}" -Dkafka-clone.kafka.host=127.0.0.1 \
  -jar "$APP_JAR" >"$WORK/ours.log" 2>&1 &
OURS=$!; PIDS+=("$OURS")
OURS_BS="127.0.0.1:${PORTS[2]}"

log "starting Apache Kafka 4.4.0 (KRaft, $KAFKA_HEAP_OPTS), data in $WORK/kafka"
KPORT=${PORTS[3]}; CPORT=${PORTS[4]}
mkdir -p "$WORK/kafka"
cat >"$WORK/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$KPORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KPORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$WORK/kafka/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
cat >"$WORK/log4j2.yaml" <<'EOF'
Configuration:
  Appenders:
    Console: { name: STDOUT, PatternLayout: { pattern: "[%d] %p %m (%c)%n" } }
  Loggers:
    Root: { level: WARN, AppenderRef: [ { ref: STDOUT } ] }
EOF
CLUSTER_ID=$(tool kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
tool kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$WORK/server.properties" >"$WORK/kafka-format.log" 2>&1 \
  || { cat "$WORK/kafka-format.log" >&2; exit 1; }
# shellcheck disable=SC2086
java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$WORK/log4j2.yaml" -cp "$LIB/*" kafka.Kafka "$WORK/server.properties" >"$WORK/kafka.log" 2>&1 &
KAFKA=$!; PIDS+=("$KAFKA")
KAFKA_BS="127.0.0.1:$KPORT"
wait_port "${PORTS[2]}" "$OURS" kafka-clone
wait_port "${PORTS[1]}" "$OURS" kafka-clone
wait_port "$KPORT" "$KAFKA" "Apache Kafka"

# ---------------------------------------------------------------- warm-up (not measured)
# Both JVMs start cold: in a 5-second run of a cold broker the JIT compiler threads took about half
# of our broker's CPU (async-profiler, docs/performance.md), so the first figures measured start-up,
# not the broker. Each broker gets the same unmeasured warm-up first: produce, consume, and for ours
# the line protocol, on topics of their own.
warm_up() { # broker bootstrap
  log "$1: warm-up, $N_WARM x 100 B and 1 KiB produced, then consumed (not measured)"
  produce "$1" "$2" warmup-100b "$N_WARM" 100 -1
  produce "$1" "$2" warmup-1k "$((N_WARM / 5))" 1024 -1
  tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$2" --topic warmup-100b --num-records "$N_WARM" \
    --group "warmup-$RANDOM-$$" --timeout 30000 --hide-header >>"$OUT/$1.perf.log" 2>&1
}
warm_up ours "$OURS_BS"
warm_up kafka "$KAFKA_BS"
log "ours: warm-up, line protocol: $N_WARM publishes on 1 and on 8 connections (not measured)"
tool io.kafkaclone.bench.LinePublishBench 127.0.0.1 "${PORTS[1]}" warmup-line "$N_WARM" 100 1 >>"$OUT/ours.perf.log"
tool io.kafkaclone.bench.LinePublishBench 127.0.0.1 "${PORTS[1]}" warmup-line "$N_WARM" 100 8 >>"$OUT/ours.perf.log"

# ---------------------------------------------------------------- the runs
# Each run is repeated $REPEAT times (odd repetitions ours first, even ones Kafka first) and the table
# shows the median: single samples of a 3-10 s run moved by 20 % from one run of the script to the next.
declare -A V   # V[<broker>.<figure>] = the repetitions' values, space-separated
FIGURES=(r1 r1mb r1cpu r2 r2mb r2cpu r3avg r3p50 r3p99 r4 r4fetch r4cpu line1 line8)
keep() { local k; for k in "${FIGURES[@]}"; do [[ -n ${R[$1.$k]:-} ]] && V[$1.$k]+=" ${R[$1.$k]}"; unset "R[$1.$k]"; done; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
line_run() { # connections topic -> R[ours.line<connections>]
  local out
  log "ours: run 5, line protocol: $N_LINE publishes on $1 connection(s)"
  out=$(tool io.kafkaclone.bench.LinePublishBench 127.0.0.1 "${PORTS[1]}" "$2" "$N_LINE" 100 "$1" | tee -a "$OUT/ours.perf.log")
  R[ours.line$1]=$(sed -E 's/.*msg_per_sec=([0-9.]+).*/\1/' <<<"$out")
}
for run in run1 run2 run3 run4; do
  for ((rep = 1; rep <= REPEAT; rep++)); do
    if ((rep % 2)); then order=(ours kafka); else order=(kafka ours); fi
    for b in "${order[@]}"; do
      if [[ $b == ours ]]; then $run ours "$OURS_BS"; else $run kafka "$KAFKA_BS"; fi
      keep "$b"
    done
  done
done
for ((rep = 1; rep <= REPEAT; rep++)); do
  line_run 1 bench-line-1; keep ours
  line_run 8 bench-line-8; keep ours
done
for b in ours kafka; do
  for k in "${FIGURES[@]}"; do
    # shellcheck disable=SC2086
    [[ -n ${V[$b.$k]:-} ]] && R[$b.$k]=$(median ${V[$b.$k]})
  done
done
big_topic ours "$OURS_BS" "$WORK/ours"
big_topic kafka "$KAFKA_BS" "$WORK/kafka/logs"

R[ours.rss]=$(peak_rss_mb "$OURS")
R[kafka.rss]=$(peak_rss_mb "$KAFKA")
stop "$OURS"
stop "$KAFKA"
cp "$WORK/ours.log" "$OUT/ours.broker.log"
cp "$WORK/kafka.log" "$OUT/kafka.broker.log"

# ---------------------------------------------------------------- the table
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || b + 0 == 0 || a == "") print "–"; else printf "%.2f", a / b }'; }
# the repetitions' lowest and highest value of one broker's figure, "low–high" (empty when it has none)
range_of() { # broker figure
  [[ -n ${V[$1.$2]:-} ]] || return 0
  # shellcheck disable=SC2086
  printf '%s\n' ${V[$1.$2]} | sort -g | awk 'function f(x) { return (x >= 100 || x == int(x)) ? sprintf("%.0f", x) : sprintf("%.2f", x) }
    NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", f(lo), f(hi) }'
}
# each repetition's ratio ours/Kafka (the two runs of a repetition are seconds apart, so a slow phase of a shared
# machine hits both alike): "median (low–high)", empty without repetitions of both
paired_of() { # figure
  [[ -n ${V[ours.$1]:-} && -n ${V[kafka.$1]:-} ]] || return 0
  # shellcheck disable=SC2086
  paste <(printf '%s\n' ${V[ours.$1]}) <(printf '%s\n' ${V[kafka.$1]}) | awk '$2 + 0 != 0 { print $1 / $2 }' | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f (%.2f–%.2f)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}
row() { # label ours kafka [figure: adds its repetitions' ranges and paired ratios, so a ratio can be read against the spread]
  local spread="" theirs="" paired=""
  if [[ -n ${4:-} ]]; then
    spread=$(range_of ours "$4")
    theirs=$(range_of kafka "$4")
    [[ -n $theirs ]] && spread+=" / $theirs"
    paired=$(paired_of "$4")
  fi
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$spread" "$paired"
}
fmt() { awk -v x="$1" 'BEGIN { if (x == "") print "–"; else printf "%.0f", x }'; }
{
  echo "# kafka-clone vs Apache Kafka 4.4.0"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, scale 1/$SCALE, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "Both brokers run side by side; each first gets the same unmeasured warm-up ($N_WARM x 100 B, $((N_WARM / 5)) x 1 KiB, consumed; ours also $N_WARM line publishes), then each of runs 1-4 goes to both brokers one after the other, $REPEAT times (alternating which goes first), and runs 5 $REPEAT times; each figure is the median of its repetitions. Load average at the end: $(cut -d" " -f1-3 /proc/loadavg)."
  echo "Producer: acks=all linger.ms=5 batch.size=65536, 1 partition. ours: \`MALLOC_ARENA_MAX=2 java $OURS_JAVA_OPTS\`; Kafka: \`$KAFKA_HEAP_OPTS\` G1 (its start-script defaults)."
  echo
  echo "| figure | kafka-clone | Apache Kafka | ours/Kafka | repetitions, low–high (ours / Kafka) | ratio per repetition: median (low–high) |"
  echo "|---|---:|---:|---:|---|---|"
  row "1. produce $N_SMALL x 100 B (records/s)" "$(fmt "${R[ours.r1]:-}")" "$(fmt "${R[kafka.r1]:-}")" r1
  row "2. produce $N_KIB x 1 KiB (records/s)" "$(fmt "${R[ours.r2]:-}")" "$(fmt "${R[kafka.r2]:-}")" r2
  row "2. produce 1 KiB (MB/s)" "${R[ours.r2mb]:-}" "${R[kafka.r2mb]:-}" r2mb
  row "3. latency at $LAT_RATE/s: avg (ms)" "${R[ours.r3avg]:-}" "${R[kafka.r3avg]:-}" r3avg
  row "3. latency: p50 (ms)" "${R[ours.r3p50]:-}" "${R[kafka.r3p50]:-}" r3p50
  row "3. latency: p99 (ms)" "${R[ours.r3p99]:-}" "${R[kafka.r3p99]:-}" r3p99
  row "4. consume $N_SMALL, fresh group (records/s)" "$(fmt "${R[ours.r4]:-}")" "$(fmt "${R[kafka.r4]:-}")" r4
  row "4. consume: fetch phase only (records/s)" "$(fmt "${R[ours.r4fetch]:-}")" "$(fmt "${R[kafka.r4fetch]:-}")" r4fetch
  row "broker CPU seconds, run 1" "${R[ours.r1cpu]:-}" "${R[kafka.r1cpu]:-}" r1cpu
  row "broker CPU seconds, run 2" "${R[ours.r2cpu]:-}" "${R[kafka.r2cpu]:-}" r2cpu
  row "broker CPU seconds, run 4" "${R[ours.r4cpu]:-}" "${R[kafka.r4cpu]:-}" r4cpu
  row "5. line publish, 1 pipelined connection (msg/s)" "$(fmt "${R[ours.line1]:-}")" "" line1
  row "5. line publish, 8 connections (msg/s)" "$(fmt "${R[ours.line8]:-}")" "" line8
  row "big topic: produce $N_BIG x 100 B (records/s)" "$(fmt "${R[ours.bigrate]:-}")" "$(fmt "${R[kafka.bigrate]:-}")"
  row "big topic: fetch latency at start (ms)" "${R[ours.fstart]:-}" "${R[kafka.fstart]:-}"
  row "big topic: fetch latency at middle (ms)" "${R[ours.fmid]:-}" "${R[kafka.fmid]:-}"
  row "big topic: fetch latency at end (ms)" "${R[ours.fend]:-}" "${R[kafka.fend]:-}"
  row "big topic: disk bytes per 100 B record" "${R[ours.bytesrec]:-}" "${R[kafka.bytesrec]:-}"
  row "peak RSS over the whole run (MB)" "${R[ours.rss]:-}" "${R[kafka.rss]:-}"
} >"$OUT/results.md"
cat "$OUT/results.md"
log "table written to $OUT/results.md (tool output: $OUT/*.perf.log)"
