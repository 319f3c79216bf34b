#!/usr/bin/env bash
# The bounded Flink replay from Kafka next to Kafka's own consumer (kafka-tools ConsumerPerformance) on
# the same topic, in one run: a real single-node KRaft broker in its own JVM, a generated trace published
# to it (one record per event, keyed by ctx, lz4), then ConsumerPerformance, the Flink replay at each
# parallelism, and ConsumerPerformance again. Prints one JSON line per run.
#
# usage: pipeline/bench/kafka-replay-bench.sh [EVENTS] [PARTITIONS] [PARALLELISMS]
#   EVENTS        events in the generated trace (default 10000000)
#   PARTITIONS    partitions of the topic (default 4)
#   PARALLELISMS  Flink parallelisms to run, comma-separated (default 1,2); `direct` runs the analyzer's
#                 one-thread replay behind a plain consumer instead (`replay --engine direct kafka:T`)
# Needs a JDK 17 and Maven (the first run resolves kafka-tools); ~6 GB of free disk for 10 M events.
set -euo pipefail
events=${1:-10000000}
partitions=${2:-4}
parallelisms=${3:-1,2}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"

(cd "$top" && mvn -o -q -B -pl pipeline -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$top/pipeline/target/test-classes:$top/pipeline/target/classes:$top/analyzer/target/classes:$top/collector/target/classes:$(cat "$work/cp.txt")"
mvn -q -B -f "$top/deploy/cluster/classpath/kafka/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$work/kafka-cp.txt" >/dev/null
kafka_cp=$(cat "$work/kafka-cp.txt")

trace="$work/synth-$events.jsonl"
if [ ! -s "$trace" ]; then
  java -cp "$cp" dev.uffdtrace.pipeline.KafkaReplayBenchmark generate "$events" "$trace"
fi

rm -rf "$work/kafka-data" && mkdir -p "$work/kafka-data"
. "$top/collector/bench/broker.sh"
trap broker_stop EXIT
broker_start "$work" "$cp" --data "$work/kafka-data"

topic="events-$(date +%s)"
echo "# $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -cp "$cp" dev.uffdtrace.pipeline.KafkaReplayBenchmark load "$bootstrap" "$topic" "$partitions" "$trace"

consumer_perf() {
  local out
  out=$(java -Xmx1g -cp "$kafka_cp" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" \
      --topic "$topic" --messages "$events" --timeout 120000 --group "perf-$RANDOM$RANDOM" 2>/dev/null | tail -1)
  # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  echo "$out" | awk -F', *' '{printf "{\"run\":\"ConsumerPerformance\",\"records\":%s,\"seconds\":%.2f,\"records_per_s\":%.0f,\"fetch_records_per_s\":%.0f,\"mb_per_s\":%s}\n", $5, $5/$6, $6, $10, $4}'
}
consumer_perf
java -Xmx3g -cp "$cp" dev.uffdtrace.pipeline.KafkaReplayBenchmark replay "$bootstrap" "$topic" "$trace" "$work/out" "$parallelisms"
consumer_perf
echo "# load $(cut -d' ' -f1-3 /proc/loadavg)"
