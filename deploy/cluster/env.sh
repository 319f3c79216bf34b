# Shared settings of the local cluster scripts; sourced, never run. Every value can be overridden
# from the environment, so two clusters (or a test and a developer) can live side by side.
# shellcheck shell=bash

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/.." && pwd)"
CLUSTER_DIR="${CLUSTER_DIR:-$DEPLOY_DIR/target/cluster}"
PID_DIR="$CLUSTER_DIR/pids"

# Loopback only: every listener below binds 127.0.0.1.
HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-19092}"                        # brokers listen on KAFKA_PORT, +1, +2
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19192}"  # controllers on this, +1, +2
FLINK_REST_PORT="${FLINK_REST_PORT:-18081}"
FLINK_RPC_PORT="${FLINK_RPC_PORT:-16123}"
FLINK_PORT_RANGE="${FLINK_PORT_RANGE:-16124-16160}"      # blob server, TaskManager RPC and data ports
BROKERS=3
TASKMANAGERS=2
BOOTSTRAP="$HOST:$KAFKA_PORT,$HOST:$((KAFKA_PORT + 1)),$HOST:$((KAFKA_PORT + 2))"
FLINK_URL="http://$HOST:$FLINK_REST_PORT"

# The topics of the pipeline (the defaults of StreamingJob's options and of the manifests).
EVENTS_TOPIC="${EVENTS_TOPIC:-uffd-events}"
FINDINGS_TOPIC="${FINDINGS_TOPIC:-uffd-findings}"
ALERTS_TOPIC="${ALERTS_TOPIC:-uffd-alerts}"
LATENCY_TOPIC="${LATENCY_TOPIC:-uffd-latency}"
DEADLETTER_TOPIC="${DEADLETTER_TOPIC:-uffd-deadletter}"
TOPIC_PARTITIONS="${TOPIC_PARTITIONS:-4}"

# Small heaps: the machine is shared (2 cores); the cluster is for correctness, not throughput.
KAFKA_HEAP="${KAFKA_HEAP:--Xms128m -Xmx320m}"
TOOL_HEAP="-Xmx128m -XX:TieredStopAtLevel=1"             # short-lived tools start faster with C1 only
JAVA="${JAVA:-java}"

# Flink and Kafka on Java 17 (the list Flink's own config.yaml gives under env.java.opts.all).
JAVA17_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

# Messages go to fd 9, a copy of stderr, so they still show where a waited-for command's own
# output is thrown away.
exec 9>&2
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&9; }
die() { log "error: $*"; exit 1; }

# The class path of one component ("kafka" or "flink"), resolved from Maven once and cached in
# deploy/target/ (shared by every work dir).
# Offline first (the usual case once ~/.m2 is warm), online only if something is missing.
classpath() {
  local name=$1 out="$DEPLOY_DIR/target/classpath-$1.txt" pom="$DEPLOY_DIR/cluster/classpath/$1/pom.xml"
  # stale when this pom or the root pom (where versions are pinned) changed since
  if [[ ! -s $out || $pom -nt $out || $REPO_DIR/pom.xml -nt $out ]]; then
    mkdir -p "$CLUSTER_DIR" "$DEPLOY_DIR/target"
    mvn -q -B -o -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >"$CLUSTER_DIR/mvn-$name.log" 2>&1 \
      || mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >>"$CLUSTER_DIR/mvn-$name.log" 2>&1 \
      || die "could not resolve the $name class path (see $CLUSTER_DIR/mvn-$name.log)"
  fi
  cat "$out"
}

# Records a started process; the pid file is what down.sh (and the test) kill by.
remember() { mkdir -p "$PID_DIR"; echo "$2" >"$PID_DIR/$1.pid"; }

# True if the pid in pid file $1 is alive and still one of ours (its command line names our work
# dir), so that a recycled pid is never killed.
ours() {
  local f=$1 pid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$CLUSTER_DIR"
}

# Waits until "$@" succeeds, at most $1 seconds; names what it waited for on timeout.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >>"$CLUSTER_DIR/log/wait.log" 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${seconds}s waiting for $what"
    sleep 1
  done
}

# The one JSON field named $1 of a flat value (a string or a number) in the JSON on stdin. Flink's
# REST answers are simple enough for this, and CI machines need no jq.
json_field() { grep -o "\"$1\":\(\"[^\"]*\"\|[0-9]*\)" | head -n 1 | cut -d: -f2- | tr -d '"'; }

# A JSON string literal of $1 (the job arguments are paths, names and numbers).
json_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

command -v curl >/dev/null || die "curl is needed (Flink's REST API)"

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
