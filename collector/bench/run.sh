#!/usr/bin/env bash
# Runs the C reference fault server (ref-handler.c, compiled here from the path given) beside
# `uffdtrace collect` with telemetry off, to a file and to Kafka, for the four modes it knows:
# REPS interleaved repetitions, one JSON line per run, then a summary of medians.
#
# usage: collector/bench/run.sh /path/to/ref-handler.c [PAGES] [DURATION] [REPS]
#   PAGES     pages per round (default 20000)
#   DURATION  how long each warmed-up collector run repeats rounds (default 5s)
#   REPS      repetitions of every (mode, config) pair (default 5)
# Environment:
#   MODES="zeropage copy continue wp"   the modes to run
#   WARMUP=5s        collector rounds run before DURATION and left out of its figures (0s: none);
#                    the C server needs none, the JVM compiles the fault loop and the publisher
#                    (Kafka client included) in its first seconds: pinned to one CPU, the JIT still
#                    took 22% of that CPU 2-5 s after the start of a Kafka run, 1-3% after 8 s
#   PIN_CPU=N        runs the C server and the collector on CPU N only (taskset), the broker on the
#                    other CPUs: the faulting thread, the handler and the publisher share one CPU, so
#                    a fault costs CPU time instead of a cross-CPU wake-up, and telemetry's CPU time
#                    shows in faults/s (the JVM then also sizes itself for one CPU: serial GC)
#   SPIN=50us        the collector's --spin (its fault loop polls this long without sleeping after
#                    each batch; 0s: never); default: collect's own default
#   QUIET_LOAD=1.0   before the runs, wait until the 1-minute load average is below this,
#                    polling every 30 s, at most QUIET_WAIT seconds (default 1200); then run anyway
#
# Why the shape: on a shared 2-vCPU VM a single pass of one program swings 2-6x, so every
# repetition runs all four configs of a mode back to back (the first config rotating with the
# repetition, so none always runs first), and the summary compares medians. Each run line carries
# the load average when it started and the TLB shootdowns the machine took meanwhile (all
# processes, from /proc/interrupts): a wp un-protect IPIs every CPU that runs a thread of the
# faulting process at that moment. Every line also has cpu_ns_per_fault: CPU time of the whole
# process (all its threads) per fault; for the C server over its whole run (from /usr/bin/time),
# for the collector over its measured rounds. Human-readable lines start with '#'; the rest is JSON.
# Needs gcc, python3, a JDK 17 and a Maven repository that resolves the build offline.
set -euo pipefail
pin=()
broker_pin=()
if [ -n "${PIN_CPU:-}" ]; then
    pin=(taskset -c "$PIN_CPU")
    others=$(seq 0 $(($(nproc) - 1)) | grep -vx "$PIN_CPU" | paste -sd, || true)
    if [ -n "$others" ]; then broker_pin=(taskset -c "$others"); fi
fi
ref_src=${1:?usage: $0 /path/to/ref-handler.c [PAGES] [DURATION] [REPS]}
pages=${2:-20000}
duration=${3:-5s}
reps=${4:-5}
warmup=${WARMUP:-5s}
modes=${MODES:-zeropage copy continue wp}
configs=(ref off file kafka)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gcc -O2 -pthread -o "$work/ref-handler" "$ref_src"
(cd "$top" && mvn -o -q -B -pl collector -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$(cat "$work/cp.txt"):$top/collector/target/classes"

# the deploy module owns the real `uffdtrace` main; this launcher runs only the collect subcommand
cat > "$work/Collect.java" <<'JAVA'
public class Collect {
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new dev.uffdtrace.collector.cli.CollectCommand()).execute(args));
    }
}
JAVA
# compiled once, so that no run pays the source launcher's compilation
javac -cp "$cp" -d "$work" "$work/Collect.java"
spin=()
if [ -n "${SPIN:-}" ]; then spin=(--spin "$SPIN"); fi
collect() { "${pin[@]}" java -cp "$work:$cp" Collect --warmup "$warmup" "${spin[@]}" "$@"; }
# the C server, with its CPU time (user + system, all threads) added to its line as cpu_ns_per_fault
ref() {
    local line cpu
    line=$("${pin[@]}" /usr/bin/time -f '%U %S' -o "$work/ref.time" "$work/ref-handler" "$@")
    cpu=$(awk '{ printf "%.0f", ($1 + $2) * 1e9 }' "$work/ref.time")
    python3 -c 'import json, sys; r = json.loads(sys.argv[1]); r["cpu_ns_per_fault"] = int(sys.argv[2]) // max(r["faults"], 1); print(json.dumps(r, separators=(",", ":")))' "$line" "$cpu"
}

# a real single-node KRaft broker for the Kafka column, in its own JVM, stopped on exit
. "$here/broker.sh"
broker_prefix=("${broker_pin[@]}")
trap 'broker_stop; rm -rf "$work"' EXIT
broker_start "$work" "$cp" --topic bench:1

load1() { cut -d' ' -f1 /proc/loadavg; }
tlb_total() { awk '/TLB/ { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i } END { print s + 0 }' /proc/interrupts; }

if [ -n "${QUIET_LOAD:-}" ]; then
    waited=0
    while awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l >= q) }' && [ "$waited" -lt "${QUIET_WAIT:-1200}" ]; do
        echo "# waiting for load < $QUIET_LOAD: $(cat /proc/loadavg)" >&2
        sleep 30
        waited=$((waited + 30))
    done
    echo "# waited ${waited} s for a quiet machine (limit ${QUIET_WAIT:-1200} s)"
fi

echo "# $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), pages=$pages, duration=$duration, warmup=$warmup, reps=$reps, CPUs used: ${PIN_CPU:-any}, spin: ${SPIN:-default}"
echo "# load at start: $(cat /proc/loadavg)"
load_start=$(cat /proc/loadavg)

# one run: prints the program's JSON line with rep, mode, config, load1 and tlb_shootdowns in front
run() {
    local rep=$1 mode=$2 config=$3 out load tlb0 tlb1
    load=$(load1)
    tlb0=$(tlb_total)
    case $config in
        ref) out=$(ref "$mode" "$pages") ;;
        off) out=$(collect --workload "$mode" --pages "$pages" --duration "$duration" --discard) ;;
        file) out=$(collect --workload "$mode" --pages "$pages" --duration "$duration" --out "$work/$mode.jsonl")
              rm -f "$work/$mode.jsonl" ;;
        kafka) out=$(collect --workload "$mode" --pages "$pages" --duration "$duration" \
                   --bootstrap "$bootstrap" --topic bench) ;;
    esac
    tlb1=$(tlb_total)
    [ "${out:0:1}" = "{" ] || { echo "$config $mode printed no result: $out" >&2; exit 1; }
    out=${out#\{}
    out=${out//\"mode\":\"$mode\",/} # ref-handler's own mode field: it is written in front instead
    echo "{\"rep\":$rep,\"mode\":\"$mode\",\"config\":\"$config\",\"load1\":$load,\"tlb_shootdowns\":$((tlb1 - tlb0)),$out"
}

for rep in $(seq "$reps"); do
    for mode in $modes; do
        for i in 0 1 2 3; do
            run "$rep" "$mode" "${configs[$(((i + rep - 1) % 4))]}"
        done
    done
done | tee "$work/runs.jsonl"

load_end=$(cat /proc/loadavg)
echo "# load at end: $load_end"
python3 - "$work/runs.jsonl" "$load_start" "$load_end" <<'PY'
import json, statistics, sys

runs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
load_start, load_end = sys.argv[2].split()[0], sys.argv[3].split()[0]
configs = ["ref", "off", "file", "kafka"]
modes = list(dict.fromkeys(r["mode"] for r in runs))
med = {}
rows = []
for mode in modes:
    for config in configs:
        rs = [r for r in runs if r["mode"] == mode and r["config"] == config]
        if not rs:
            continue
        rate = [r["faults_per_s"] for r in rs]
        m = {"summary": "median", "mode": mode, "config": config, "runs": len(rs),
             "faults_per_s": statistics.median(rate), "faults_per_s_min": min(rate), "faults_per_s_max": max(rate),
             "svc_p50_ns": statistics.median(r["svc_p50_ns"] for r in rs),
             "svc_p99_ns": statistics.median(r["svc_p99_ns"] for r in rs),
             "cpu_ns_per_fault": statistics.median(r.get("cpu_ns_per_fault", 0) for r in rs),
             "tlb_shootdowns_per_fault": round(statistics.median(r["tlb_shootdowns"] / r["faults"] for r in rs), 4),
             "dropped": sum(r.get("dropped", 0) for r in rs)}
        med[mode, config] = m
        rows.append(m)

print(f"# summary: medians of {max(r['rep'] for r in runs)} repetitions; load average (1 min) at start {load_start}, at end {load_end}")
print("# mode      config  runs   faults/s median   (min - max)         svc p50 us  svc p99 us  CPU us/fault  TLB/fault  dropped")
for m in rows:
    print(f"# {m['mode']:<9} {m['config']:<6} {m['runs']:>4}  {m['faults_per_s']:>16,.0f}   "
          f"({m['faults_per_s_min']:>7,.0f} - {m['faults_per_s_max']:>7,.0f})  {m['svc_p50_ns'] / 1000:>10.1f}  "
          f"{m['svc_p99_ns'] / 1000:>10.1f}  {m['cpu_ns_per_fault'] / 1000:>12.1f}  "
          f"{m['tlb_shootdowns_per_fault']:>9.3f}  {m['dropped']:>7}")
print("# ratio of medians to the C server (target: kafka >= 0.9)")
print("# mode      off/C   file/C  kafka/C  kafka >= 0.9x")
ratios = []
for mode in modes:
    c = med.get((mode, "ref"))
    if not c or not c["faults_per_s"]:
        continue
    r = {"summary": "ratio", "mode": mode}
    for config in configs[1:]:
        if (mode, config) in med:
            r[config + "_over_c"] = round(med[mode, config]["faults_per_s"] / c["faults_per_s"], 3)
    r["target_met"] = r.get("kafka_over_c", 0) >= 0.9
    ratios.append(r)
    print(f"# {mode:<9} {r.get('off_over_c', float('nan')):>6.2f}  {r.get('file_over_c', float('nan')):>6.2f}  "
          f"{r.get('kafka_over_c', float('nan')):>7.2f}  {'yes' if r['target_met'] else 'no'}")
for line in rows + ratios:
    print(json.dumps(line))
print(json.dumps({"summary": "load", "load1_start": float(load_start), "load1_end": float(load_end)}))
PY
