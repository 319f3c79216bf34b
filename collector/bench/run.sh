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

# a real single-node KRaft broker for the Kafka column, in its own JVM, stopped on exit
cat > "$work/Broker.java" <<'JAVA'
public class Broker {
    public static void main(String[] args) throws Exception {
        try (var b = dev.uffdtrace.collector.kafka.EmbeddedKafkaBroker.start(null)) {
            b.createTopic("bench", 1);
            System.out.println(b.bootstrap());
            System.out.flush();
            while (System.in.read() >= 0) { } // until the script closes our stdin
        }
    }
}
JAVA
mkfifo "$work/broker.in"
java -Xmx1g -cp "$cp" "$work/Broker.java" < "$work/broker.in" > "$work/broker.out" 2>"$work/broker.err" &
broker_pid=$!
exec 9>"$work/broker.in"
trap 'exec 9>&-; wait $broker_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 120); do [ -s "$work/broker.out" ] && break; sleep 0.5; done
bootstrap=$(head -1 "$work/broker.out")
[ -n "$bootstrap" ] || { cat "$work/broker.err" >&2; echo "broker did not start" >&2; exit 1; }

echo "# $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), pages=$pages"
for mode in zeropage copy continue wp; do
    echo "ref-handler          $("$work/ref-handler" "$mode" "$pages")"
    echo "collect (discard)    $(collect --workload "$mode" --pages "$pages" --discard)"
    echo "collect (file)       $(collect --workload "$mode" --pages "$pages" --out "$work/$mode.jsonl")"
    echo "collect ($duration, discard) $(collect --workload "$mode" --pages "$pages" --duration "$duration" --discard)"
    echo "collect ($duration, file)    $(collect --workload "$mode" --pages "$pages" --duration "$duration" --out "$work/$mode-d.jsonl")"
    echo "collect ($duration, kafka)   $(collect --workload "$mode" --pages "$pages" --duration "$duration" --bootstrap "$bootstrap" --topic bench)"
done
