#!/usr/bin/env bash
# Starts a local cluster on 127.0.0.1 from Maven-resolved jars, each server its own JVM:
#   - Kafka: 3 KRaft nodes, each broker+controller (a 3-voter quorum survives one node lost),
#     replication factor 3 and min.insync.replicas 2 (acks=all still succeeds with one node down);
#   - Flink: one JobManager (session cluster) and two TaskManagers with 2 slots each.
# Waits until both are healthy and the five pipeline topics exist, fully replicated.
# Work dir: $CLUSTER_DIR (default deploy/target/cluster); ports: see env.sh. Undo with down.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
UP_TIMEOUT="${UP_TIMEOUT:-150}"

for f in "$PID_DIR"/*.pid; do
  if ours "$f"; then die "already running ($f); run down.sh first"; fi
done
for p in "$KAFKA_PORT" $((KAFKA_PORT + 1)) $((KAFKA_PORT + 2)) "$KAFKA_CONTROLLER_PORT" \
         $((KAFKA_CONTROLLER_PORT + 1)) $((KAFKA_CONTROLLER_PORT + 2)) "$FLINK_REST_PORT" "$FLINK_RPC_PORT"; do
  if port_open "$p"; then die "port $p on $HOST is taken; set the ports in env.sh's variables"; fi
done

# A fresh cluster every time: old logs, data and checkpoints would only confuse a test.
rm -rf "$CLUSTER_DIR/kafka" "$CLUSTER_DIR/flink" "$CLUSTER_DIR/checkpoints" "$CLUSTER_DIR/log" "$PID_DIR"
mkdir -p "$CLUSTER_DIR/log" "$PID_DIR"
# A half-started cluster is worse than none: on any failure stop what was started (logs stay).
trap 'rc=$?; if ((rc != 0)); then log "up.sh failed: stopping what it started"; "$DEPLOY_DIR/cluster/down.sh" || true; fi' EXIT
KAFKA_CP=$(classpath kafka)
FLINK_CP=$(classpath flink)

# One log4j2 configuration for every process: a file per process, named by -Dlog.file.
cat >"$CLUSTER_DIR/log4j2.properties" <<'CONF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} - %m%n
logger.kafka.name = org.apache.kafka.clients
logger.kafka.level = WARN
CONF
LOG_OPTS=(-Dlog4j2.configurationFile="$CLUSTER_DIR/log4j2.properties" -Dlog4j.configurationFile="$CLUSTER_DIR/log4j2.properties")

# ---- Kafka -------------------------------------------------------------------------------------
voters=""
for i in $(seq 1 $BROKERS); do
  voters+="${voters:+,}$i@$HOST:$((KAFKA_CONTROLLER_PORT + i - 1))"
done
for i in $(seq 1 $BROKERS); do
  dir="$CLUSTER_DIR/kafka/$i"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<CONF
process.roles=broker,controller
node.id=$i
listeners=PLAINTEXT://$HOST:$((KAFKA_PORT + i - 1)),CONTROLLER://$HOST:$((KAFKA_CONTROLLER_PORT + i - 1))
advertised.listeners=PLAINTEXT://$HOST:$((KAFKA_PORT + i - 1))
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
# a static 3-voter quorum: any two nodes elect a controller
controller.quorum.voters=$voters
log.dirs=$dir/data
auto.create.topics.enable=false
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
unclean.leader.election.enable=false
group.initial.rebalance.delay.ms=0
# a killed broker is fenced (its partitions move) after 6 s instead of 9 s: shorter producer stalls
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1500
# the default cleaner buffer asks for 128 MiB of heap
log.cleaner.dedupe.buffer.size=2097152
num.network.threads=2
num.io.threads=2
CONF
done
# A KRaft cluster id is 16 random bytes, base64url without padding (what StorageTool random-uuid
# prints), made here without starting a JVM for it; never with a leading "-" (read as an option).
cluster_id=-
while [[ $cluster_id == -* ]]; do cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
fmt_pids=()
for i in $(seq 1 $BROKERS); do
  "$JAVA" $TOOL_HEAP "${LOG_OPTS[@]}" -Dlog.file="$CLUSTER_DIR/log/format-$i.log" -cp "$KAFKA_CP" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$CLUSTER_DIR/kafka/$i/server.properties" \
    >"$CLUSTER_DIR/log/format-$i.out" 2>&1 &
  fmt_pids+=($!)
done
for p in "${fmt_pids[@]}"; do wait "$p" || die "formatting a Kafka log dir failed (see $CLUSTER_DIR/log/format-*.out)"; done

for i in $(seq 1 $BROKERS); do
  # setsid: the servers outlive this script and are not hit by a Ctrl-C aimed at it;
  # 9>&-: they must not hold our stderr copy open (a caller reading it would never see EOF)
  setsid "$JAVA" $KAFKA_HEAP -XX:+UseSerialGC "${LOG_OPTS[@]}" -Dlog.file="$CLUSTER_DIR/log/kafka-$i.log" \
    -cp "$KAFKA_CP" kafka.Kafka "$CLUSTER_DIR/kafka/$i/server.properties" \
    >"$CLUSTER_DIR/log/kafka-$i.out" 2>&1 </dev/null 9>&- &
  remember "kafka-$i" $!
done
log "kafka: $BROKERS nodes starting ($BOOTSTRAP)"

# ---- Flink -------------------------------------------------------------------------------------
conf="$CLUSTER_DIR/flink/conf"
mkdir -p "$conf" "$CLUSTER_DIR/flink/tmp" "$CLUSTER_DIR/flink/web" "$CLUSTER_DIR/checkpoints"
cat >"$conf/config.yaml" <<CONF
# Written by deploy/cluster/up.sh. Every address is loopback.
jobmanager.rpc.address: $HOST
jobmanager.rpc.port: $FLINK_RPC_PORT
jobmanager.bind-host: $HOST
jobmanager.memory.process.size: 768m
taskmanager.host: $HOST
taskmanager.bind-host: $HOST
taskmanager.rpc.port: $FLINK_PORT_RANGE
taskmanager.data.port: 0
taskmanager.numberOfTaskSlots: 2
taskmanager.memory.process.size: 1024m
taskmanager.memory.managed.fraction: 0.1
blob.server.port: $FLINK_PORT_RANGE
rest.address: $HOST
rest.bind-address: $HOST
rest.port: $FLINK_REST_PORT
web.submit.enable: true
web.upload.dir: $CLUSTER_DIR/flink/web
io.tmp.dirs: $CLUSTER_DIR/flink/tmp
parallelism.default: 2
# a broker lost mid-run may fail the job once or twice; it restarts from the last checkpoint
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 30
restart-strategy.fixed-delay.delay: 2 s
heartbeat.timeout: 30000
# the web UI and REST API show metrics at most this old (default 10 s)
metrics.fetcher.update-interval: 2000
execution.checkpointing.dir: file://$CLUSTER_DIR/checkpoints
CONF

# Memory flags the way Flink's own scripts compute them (BashJavaUtils): line 1 is JVM options,
# line 2 the matching dynamic properties.
resource_params() {
  local out
  out=$("$JAVA" $TOOL_HEAP "${LOG_OPTS[@]}" -Dlog.file="$CLUSTER_DIR/log/bash-java-utils.log" -cp "$FLINK_CP" \
    org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>&1) || die "BashJavaUtils $1: $out"
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}
start_flink() {  # name, main class, resource command
  local name=$1 main=$2 params jvm dyn
  params=$(resource_params "$3")
  jvm=$(sed -n 1p <<<"$params"); dyn=$(sed -n 2p <<<"$params")
  # shellcheck disable=SC2086 # the JVM options and dynamic properties are word lists
  setsid "$JAVA" $jvm -XX:+UseSerialGC $JAVA17_OPENS "${LOG_OPTS[@]}" -Dlog.file="$CLUSTER_DIR/log/$name.log" \
    -cp "$FLINK_CP" "$main" --configDir "$conf" $dyn >"$CLUSTER_DIR/log/$name.out" 2>&1 </dev/null 9>&- &
  remember "$name" $!
}
start_flink jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
for i in $(seq 1 $TASKMANAGERS); do
  start_flink "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
done
log "flink: jobmanager and $TASKMANAGERS taskmanagers starting ($FLINK_URL)"

# ---- health ------------------------------------------------------------------------------------
alive() { for f in "$PID_DIR"/*.pid; do ours "$f" || die "$(basename "$f" .pid) exited (see $CLUSTER_DIR/log/)"; done; }
brokers_up() { alive; for i in $(seq 0 $((BROKERS - 1))); do port_open $((KAFKA_PORT + i)) || return 1; done; }
wait_for "$UP_TIMEOUT" "the Kafka listeners" brokers_up

# One JVM creates all five topics (replication factor 3, min.insync.replicas 2) and waits until every
# partition has all three replicas in sync.
"$JAVA" $TOOL_HEAP "${LOG_OPTS[@]}" -Dlog.file="$CLUSTER_DIR/log/topics.log" -cp "$KAFKA_CP" \
  "$DEPLOY_DIR/cluster/Topics.java" "$BOOTSTRAP" "$BROKERS" "$TOPIC_PARTITIONS" 2 "$UP_TIMEOUT" \
  "$EVENTS_TOPIC" "$FINDINGS_TOPIC" "$ALERTS_TOPIC" "$LATENCY_TOPIC" "$DEADLETTER_TOPIC" >&9 \
  || die "creating the topics failed (see $CLUSTER_DIR/log/topics.log)"
log "kafka: up, topics $EVENTS_TOPIC $FINDINGS_TOPIC $ALERTS_TOPIC $LATENCY_TOPIC $DEADLETTER_TOPIC"

taskmanagers_up() {
  alive
  [[ $(curl -sf "$FLINK_URL/overview" | json_field taskmanagers) == "$TASKMANAGERS" ]]
}
wait_for "$UP_TIMEOUT" "$TASKMANAGERS Flink TaskManagers" taskmanagers_up
log "flink: up, $TASKMANAGERS taskmanagers, $(curl -sf "$FLINK_URL/overview" | json_field slots-total) slots"

# Loopback only, checked rather than assumed: no listening socket of ours on another address.
if command -v ss >/dev/null; then
  pids=$(cat "$PID_DIR"/*.pid | paste -sd'|')
  exposed=$(ss -ltnpH | grep -E "pid=($pids)," | awk '{print $4}' | grep -v -E '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
  [[ -z $exposed ]] || die "listening beyond loopback: $exposed"
fi
echo "BOOTSTRAP=$BOOTSTRAP"
echo "FLINK_URL=$FLINK_URL"
