#!/usr/bin/env bash
# Runs the collector (uffdtrace collect) against the local cluster's events topic; the arguments
# choose the workload, e.g.
#   collect.sh --workload misuse --pages 256 --threads 2 --duration 30s
# It runs in the foreground and prints the collector's JSON summary line. Its pid is kept in
# $CLUSTER_DIR/pids/ while it runs, so down.sh also stops a collector left running in the background.
set -euo pipefail
source "$(dirname "$0")/env.sh"
CLI_JAR="${CLI_JAR:-$DEPLOY_DIR/target/uffdtrace.jar}"
COLLECT_HEAP="${COLLECT_HEAP:--Xmx256m}"
[[ -f $CLI_JAR ]] || die "no $CLI_JAR; build it with: mvn -B -pl deploy -am package -DskipTests"

mkdir -p "$PID_DIR" "$CLUSTER_DIR/log"
name="collect-$$"
trap 'rm -f "$PID_DIR/$name.pid"' EXIT
# -Duffdtrace.cluster.dir names our work dir in the command line (down.sh only kills such pids);
# the jar's manifest has the Add-Opens Kafka needs on Java 17.
# shellcheck disable=SC2086 # the heap option is a word list
"$JAVA" $COLLECT_HEAP -Duffdtrace.cluster.dir="$CLUSTER_DIR" -jar "$CLI_JAR" collect \
  --bootstrap "$BOOTSTRAP" --topic "$EVENTS_TOPIC" "$@" 9>&- &
pid=$!
remember "$name" "$pid"
wait "$pid"
