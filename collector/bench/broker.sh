# Sourced by the benchmark scripts: a real single-node KRaft broker (StandaloneBroker) in a JVM of its
# own, stopped when the calling script exits (its standard input is a pipe only the script holds).
#
#   . collector/bench/broker.sh
#   broker_prefix=(taskset -c 1)                     # optional: a command to run the JVM under
#   broker_start WORK CLASSPATH [--data DIR] [--topic NAME:PARTITIONS]...   # sets $bootstrap, $broker_pid
#   ...
#   broker_stop                                      # call from the script's EXIT trap
#
# WORK: a scratch folder for the broker's pipe and logs; CLASSPATH: the collector's classes and their
# dependencies; the rest goes to StandaloneBroker (without --data: a temporary folder it deletes).
# BROKER_HEAP (default 1g) sets its -Xmx.

broker_prefix=()

broker_start() {
    local work=$1 cp=$2
    shift 2
    rm -f "$work/broker.in"
    mkfifo "$work/broker.in"
    "${broker_prefix[@]}" java "-Xmx${BROKER_HEAP:-1g}" -cp "$cp" dev.uffdtrace.collector.kafka.StandaloneBroker "$@" \
        < "$work/broker.in" > "$work/broker.out" 2> "$work/broker.err" &
    broker_pid=$!
    exec 9> "$work/broker.in" # held open until broker_stop: the broker runs until it sees end of input
    for _ in $(seq 120); do [ -s "$work/broker.out" ] && break; sleep 0.5; done
    bootstrap=$(head -1 "$work/broker.out")
    if [ -z "$bootstrap" ]; then
        cat "$work/broker.err" >&2
        echo "broker did not start within 60 s" >&2
        return 1
    fi
}

broker_stop() {
    if [ -n "${broker_pid:-}" ]; then
        exec 9>&-
        wait "$broker_pid" 2>/dev/null || true
        broker_pid=
    fi
}
