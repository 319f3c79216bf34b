#!/usr/bin/env bash
# Submits the pipeline (dev.uffdtrace.pipeline.StreamingJob) to the session cluster up.sh started,
# through Flink's REST API (upload the job jar, run it), and waits until all its tasks run.
# Extra arguments go to the job, after the defaults (picocli keeps the last value of an option):
#   submit.sh --window 5s --stuck-ms 500
# Prints the job id; it is also kept in $CLUSTER_DIR/job.id.
set -euo pipefail
source "$(dirname "$0")/env.sh"
SUBMIT_TIMEOUT="${SUBMIT_TIMEOUT:-90}"

# The pipeline module's job jar (built by every `mvn package`)
# (mvn -pl deploy -am package -Pcluster).
JOB_JAR="${JOB_JAR:-}"
if [[ -z $JOB_JAR ]]; then
  for j in "$REPO_DIR/pipeline/target/uffdtrace-pipeline-job.jar"; do
    if [[ -f $j ]]; then JOB_JAR=$j; break; fi
  done
fi
[[ -f $JOB_JAR ]] || die "no job jar; build it with: mvn -B -pl pipeline -am package -DskipTests"
curl -sf "$FLINK_URL/overview" >/dev/null || die "no Flink cluster at $FLINK_URL; run up.sh first"

args=(--bootstrap "$BOOTSTRAP"
  --events-topic "$EVENTS_TOPIC" --findings-topic "$FINDINGS_TOPIC" --alerts-topic "$ALERTS_TOPIC"
  --latency-topic "$LATENCY_TOPIC" --deadletter-topic "$DEADLETTER_TOPIC"
  --parallelism 2 --checkpoint-dir "$CLUSTER_DIR/checkpoints" "$@")

jar_id=$(curl -sf -X POST -H "Expect:" -F "jarfile=@$JOB_JAR" "$FLINK_URL/jars/upload" | json_field filename | xargs basename)
[[ $jar_id == *.jar ]] || die "jar upload failed"
list=""
for a in "${args[@]}"; do list+="${list:+,}$(json_string "$a")"; done
body="{\"entryClass\":\"dev.uffdtrace.pipeline.StreamingJob\",\"programArgsList\":[$list]}"
reply=$(curl -s -X POST -H 'Content-Type: application/json' -d "$body" "$FLINK_URL/jars/$jar_id/run")
job_id=$(json_field jobid <<<"$reply")
[[ $job_id =~ ^[0-9a-f]{32}$ ]] || die "the job did not start: $(head -c 2000 <<<"$reply")"
echo "$job_id" >"$CLUSTER_DIR/job.id"
log "submitted $job_id from $(basename "$JOB_JAR")"

# RUNNING at job level comes before the tasks are deployed; wait for every vertex.
all_running() {
  local j state
  j=$(curl -sf "$FLINK_URL/jobs/$job_id")
  state=$(json_field state <<<"$j")
  case $state in
    FAILED|CANCELED|FINISHED) die "job $job_id ended: $state (see $CLUSTER_DIR/log/)" ;;
  esac
  # every vertex has a "status"; the job is running when there are some and all say RUNNING
  local statuses
  statuses=$(grep -o '"status":"[A-Z_]*"' <<<"$j" | sort -u)
  [[ $statuses == '"status":"RUNNING"' ]]
}
wait_for "$SUBMIT_TIMEOUT" "job $job_id to run" all_running
log "job $job_id: all tasks running"
echo "$job_id"
