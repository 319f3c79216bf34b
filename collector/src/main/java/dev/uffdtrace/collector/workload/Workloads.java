package dev.uffdtrace.collector.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The workloads by name. */
public final class Workloads {
    private static final Map<String, Supplier<Workload>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("zeropage", ZeropageWorkload::new);
        BY_NAME.put("copy", CopyWorkload::new);
        BY_NAME.put("continue", ContinueWorkload::new);
        BY_NAME.put("wp", () -> new WpWorkload(false));
        BY_NAME.put("wp-shmem", () -> new WpWorkload(true));
        BY_NAME.put("hugetlb", HugetlbWorkload::new);
        BY_NAME.put("storm", StormWorkload::new);
        BY_NAME.put("guest-memfd", GuestMemfdWorkload::new);
        BY_NAME.put("misuse", MisuseWorkload::new);
    }

    private Workloads() {
    }

    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The workload called {@code name}; IllegalArgumentException listing the names otherwise. */
    public static Workload byName(String name) {
        Supplier<Workload> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("workload: unknown name '" + name + "', expected one of " + names());
        }
        return s.get();
    }
}
