#!/usr/bin/env bash
# Stops everything up.sh, submit.sh and collect.sh started, by their pid files: SIGTERM first
# (Kafka and Flink shut down cleanly), SIGKILL after a grace period. A pid is only signalled while
# its command line still names our work dir, so a recycled pid is left alone. Logs and data stay in
# $CLUSTER_DIR for a post-mortem; --purge removes them too.
set -euo pipefail
source "$(dirname "$0")/env.sh"
GRACE="${DOWN_GRACE:-15}"

shopt -s nullglob
pids=()
for f in "$PID_DIR"/*.pid; do
  if ours "$f"; then
    pid=$(<"$f")
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid:$f")
  else
    rm -f "$f"
  fi
done
deadline=$((SECONDS + GRACE))
for entry in "${pids[@]}"; do
  pid=${entry%%:*} f=${entry#*:}
  while ours "$f" && ((SECONDS < deadline)); do sleep 0.5; done
  if ours "$f"; then
    log "$(basename "$f" .pid) ($pid) ignored SIGTERM for ${GRACE}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    # gone before we return, so that the ports are free for the next up.sh
    for _ in $(seq 1 20); do ours "$f" || break; sleep 0.25; done
    ours "$f" && log "$(basename "$f" .pid) ($pid) survived SIGKILL"
  fi
  rm -f "$f"
done
log "stopped ${#pids[@]} processes"

if [[ ${1:-} == --purge ]]; then
  rm -rf "$CLUSTER_DIR"
  log "removed $CLUSTER_DIR"
fi
