#!/usr/bin/env bash
# Pages served per second: the uffdtrace Firecracker handler next to a plain C userfaultfd
# server, on the same machine, in the same run, on the same page count.
#
# usage: collector/bench/firecracker-bench.sh REF_HANDLER_C [PAGES] [RUNS]
#   REF_HANDLER_C  the C reference server (e.g. ref-handler.c); compiled here into a temp dir
#                  under /tmp, never copied into the repository
#   PAGES          pages one VMM thread touches per run (default 20000)
#   RUNS           runs of each (default 3); C and Java runs take turns (C, handler with
#                  telemetry to a file, handler with telemetry off), after one handler warm-up
# Environment: PIN_CPU=N runs everything on CPU N only (taskset): handler and faulting thread
# share one CPU, which takes the cross-CPU wake-up out of each fault and shows the handler's
# own cost per page.
# Prints a markdown table; raw JSON lines stay in the temp dir it names.
set -euo pipefail
pin=()
if [ -n "${PIN_CPU:-}" ]; then pin=(taskset -c "$PIN_CPU"); fi

ref_c=${1:?usage: $0 REF_HANDLER_C [PAGES] [RUNS]}
pages=${2:-20000}
runs=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/fc-bench.XXXXXX)

cp /proc/loadavg "$work/load-before"
gcc -O2 -pthread -o "$work/ref-handler" "$ref_c"

# One JVM runs everything: a warm-up of the handler, then RUNS rounds of C, handler (telemetry
# to a file), handler (telemetry off). The C binary is started from the test, in turn.
(cd "$root" && "${pin[@]}" mvn -o -q -B -pl collector -am verify \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dit.test=FirecrackerBenchIT -Dfc.bench.pages="$pages" -Dfc.bench.runs="$runs" \
  -Dfc.bench.out="$work/handler.jsonl" -Dfc.bench.ref="$work/ref-handler" \
  -Dfc.bench.ref.out="$work/ref.jsonl" >"$work/mvn.log" 2>&1) || { tail -40 "$work/mvn.log"; exit 1; }
[ -s "$work/handler.jsonl" ] || { echo "no handler results (see $work/mvn.log)" >&2; exit 1; }

cp /proc/loadavg "$work/load-after"
python3 - "$work/ref.jsonl" "$work/handler.jsonl" "$pages" "${PIN_CPU:-}" <<'PY'
import json, statistics, sys
ref = [json.loads(l) for l in open(sys.argv[1])]
han = [json.loads(l) for l in open(sys.argv[2])]
rows = [("ref-handler.c copy", r["faults"], r["faults_per_s"], r["svc_p50_ns"], r["svc_p99_ns"]) for r in ref]
rows += [("uffdtrace handler, telemetry " + h["telemetry"], h["pages"], h["pages_per_s"], h["svc_p50_ns"],
          h["svc_p99_ns"]) for h in han]
import os
load = [open(os.path.join(os.path.dirname(sys.argv[1]), f)).read().split()[0] for f in ("load-before", "load-after")]
print(f"pages per run: {sys.argv[3]}; CPUs: {sys.argv[4] or 'any'}; load average before/after: {load[0]}/{load[1]}\n")
print("| implementation | run | pages | pages/s | service p50 (µs) | service p99 (µs) |")
print("|---|---|---|---|---|---|")
seen = {}
for name, n, rate, p50, p99 in rows:
    seen[name] = seen.get(name, 0) + 1
    print(f"| {name} | {seen[name]} | {n} | {rate:,.0f} | {p50/1000:.1f} | {p99/1000:.1f} |")
print()
print("| implementation | median pages/s | vs C |")
print("|---|---|---|")
med = {}
for name in seen:
    med[name] = statistics.median(r[2] for r in rows if r[0] == name)
base = med["ref-handler.c copy"]
for name, m in med.items():
    print(f"| {name} | {m:,.0f} | {m/base:.2f}× |")
PY
echo
echo "raw results: $work"
