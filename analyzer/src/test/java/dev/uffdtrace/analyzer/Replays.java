package dev.uffdtrace.analyzer;

import dev.uffdtrace.analyzer.capability.ProfileRegistry;
import dev.uffdtrace.analyzer.replay.ProfileChoice;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import dev.uffdtrace.analyzer.replay.ReplaySettings;
import dev.uffdtrace.analyzer.replay.TraceReplay;
import dev.uffdtrace.analyzer.rules.Finding;
import dev.uffdtrace.analyzer.trace.DeadLetter;
import dev.uffdtrace.analyzer.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/** Runs the direct replay over events in memory. */
public final class Replays {
    private Replays() {
    }

    public static ReplayResult replay(List<TraceEvent> events, String profile) {
        try {
            ProfileChoice choice = profile == null ? ProfileChoice.auto()
                    : ProfileChoice.fixed(ProfileRegistry.builtIns().byName(profile));
            return replay(events, new ReplaySettings(choice, ReplaySettings.DEFAULT_STUCK_MICROS), new ArrayList<>());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ReplayResult replay(List<TraceEvent> events, ReplaySettings settings, List<DeadLetter> dead) {
        TraceReplay r = new TraceReplay(settings, dead::add);
        events.forEach(r::event);
        return r.finish();
    }

    public static ReplayResult replay618(List<TraceEvent> events) {
        return replay(events, "linux-6.18");
    }

    public static List<String> rules(ReplayResult r) {
        return r.findings().stream().map(Finding::rule).toList();
    }
}
