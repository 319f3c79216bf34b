#!/usr/bin/env bash
# Runs the C reference fault server (ref-handler.c, compiled here from the path given) beside
# `uffdtrace collect` for the four modes it knows, and prints one JSON line per run.
#
# usage: collector/bench/run.sh /path/to/ref-handler.c [PAGES] [DURATION]
#   PAGES     pages per round (default 20000)
#   DURATION  how long the warmed-up collector runs repeat rounds (default 5s)
# Needs gcc, a JDK 17 and a Maven repository that resolves the build offline.
set -euo pipefail
ref_src=${1:?usage: $0 /path/to/ref-handler.c [PAGES] [DURATION]}
pages=${2:-20000}
duration=${3:-5s}
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
collect() { java -cp "$cp" "$work/Collect.java" "$@"; }

echo "# $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), pages=$pages"
for mode in zeropage copy continue wp; do
    echo "ref-handler          $("$work/ref-handler" "$mode" "$pages")"
    echo "collect (discard)    $(collect --workload "$mode" --pages "$pages" --discard)"
    echo "collect (file)       $(collect --workload "$mode" --pages "$pages" --out "$work/$mode.jsonl")"
    echo "collect ($duration, discard) $(collect --workload "$mode" --pages "$pages" --duration "$duration" --discard)"
done
