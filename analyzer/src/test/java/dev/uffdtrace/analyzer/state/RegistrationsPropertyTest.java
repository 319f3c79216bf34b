package dev.uffdtrace.analyzer.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.trace.MemType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The interval map against a naive model: one cell per page, over a small address space. */
class RegistrationsPropertyTest {
    private static final int CELLS = 64;

    record Op(int kind, int a, int b, int c, int modes) {
    }

    private static final List<Set<String>> MODES = List.of(Set.of("MISSING"), Set.of("WP"), Set.of("MISSING", "WP"),
            Set.of("MINOR"));

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, CELLS),
                        Arbitraries.integers().between(0, CELLS), Arbitraries.integers().between(0, CELLS),
                        Arbitraries.integers().between(0, 3))
                .as(Op::new).list().ofMaxSize(40);
    }

    @Property(tries = 400)
    void behavesLikeAPageArray(@ForAll("ops") List<Op> ops) {
        Registrations regs = new Registrations();
        Map<Integer, Set<String>> naive = new HashMap<>();
        for (Op op : ops) {
            int lo = Math.min(op.a(), op.b());
            int hi = Math.max(op.a(), op.b());
            switch (op.kind()) {
                case 0 -> {
                    if (hi > lo) {
                        regs.add(new RegisteredRange(lo, hi, MemType.ANON, 1, MODES.get(op.modes())));
                        for (int i = lo; i < hi; i++) {
                            naive.put(i, MODES.get(op.modes()));
                        }
                    }
                }
                case 1 -> {
                    regs.remove(lo, hi);
                    for (int i = lo; i < hi; i++) {
                        naive.remove(i);
                    }
                }
                default -> {
                    int len = Math.min(hi - lo, CELLS - op.c());
                    regs.move(lo, op.c(), len);
                    Map<Integer, Set<String>> moved = new HashMap<>();
                    for (int i = 0; i < len; i++) {
                        Set<String> v = naive.get(lo + i);
                        if (v != null) {
                            moved.put(op.c() + i, v);
                        }
                    }
                    for (int i = 0; i < len; i++) {
                        naive.remove(lo + i);
                        naive.remove(op.c() + i);
                    }
                    naive.putAll(moved);
                }
            }
            for (int i = 0; i < CELLS; i++) {
                RegisteredRange r = regs.at(i);
                assertThat(r == null ? null : r.modes()).as("cell %d after %s", i, op).isEqualTo(naive.get(i));
            }
            for (int s = 0; s < CELLS; s += 7) {
                for (int e = s + 1; e <= CELLS; e += 5) {
                    boolean all = true;
                    for (int i = s; i < e; i++) {
                        all &= naive.containsKey(i);
                    }
                    assertThat(regs.covers(s, e)).as("covers [%d,%d)", s, e).isEqualTo(all);
                }
            }
        }
        long prevEnd = Long.MIN_VALUE;
        for (RegisteredRange r : regs.all()) {
            assertThat(r.start()).as("ranges stay disjoint and ordered").isGreaterThanOrEqualTo(prevEnd);
            prevEnd = r.end();
        }
    }
}
