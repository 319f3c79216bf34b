package dev.uffdtrace.analyzer.rules;

import static dev.uffdtrace.analyzer.Replays.replay;
import static dev.uffdtrace.analyzer.Replays.replay618;
import static dev.uffdtrace.analyzer.Replays.rules;
import static dev.uffdtrace.analyzer.TraceBuilder.BASE;
import static dev.uffdtrace.analyzer.TraceBuilder.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.uffdtrace.analyzer.TraceBuilder;
import dev.uffdtrace.analyzer.replay.ReplayResult;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every rule of RULES.md, firing, and not firing on a near miss. */
class RulesTest {
    private static final long HPAGE = 2 << 20;

    private static TraceBuilder anon(String... modes) {
        return TraceBuilder.ctx("c").open().register(BASE, 16 * PAGE, "anon", modes);
    }

    private static Finding only(ReplayResult r, String rule) {
        List<Finding> f = r.findings().stream().filter(x -> x.rule().equals(rule)).toList();
        assertThat(f).hasSize(1);
        return f.get(0);
    }

    @Nested
    class ApiFeatureUnsupported {
        @Test
        void firesForAFeatureTheKernelLacks() {
            ReplayResult r = replay(TraceBuilder.ctx("c").openResult("EINVAL", "MOVE").events(), "linux-6.1");
            Finding f = only(r, "API_FEATURE_UNSUPPORTED");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.seq()).isZero();
            assertThat(rules(r)).doesNotContain("KERNEL_MODEL_DRIFT");
        }

        @Test
        void silentWhenTheKernelHasIt() {
            assertThat(replay(TraceBuilder.ctx("c").open("WP_ASYNC", "MOVE").events(), "linux-6.8").findings()).isEmpty();
        }

        @Test
        void anUnknownFeatureIsUnsupportedAndItsAcceptanceDrifts() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open("RWP").events());
            assertThat(rules(r)).containsExactly("API_FEATURE_UNSUPPORTED", "KERNEL_MODEL_DRIFT");
        }
    }

    @Nested
    class RegisterModeUnsupported {
        @Test
        void minorOnAnonIsAnErrorTheKernelRejects() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open().registerResult("EINVAL", BASE, PAGE, "anon", "MINOR").events());
            Finding f = only(r, "REGISTER_MODE_UNSUPPORTED");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.mem()).isEqualTo("anon");
            assertThat(r.findings()).hasSize(1);
        }

        @Test
        void nearMissMinorOnShmemIsFine() {
            assertThat(replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MINOR").events()).findings()).isEmpty();
        }

        @Test
        void droppableTolerantKernelGivesAWarning() {
            ReplayResult r = replay(TraceBuilder.ctx("c").open().register(BASE, PAGE, "droppable", "MISSING").events(), "linux-6.12");
            assertThat(only(r, "REGISTER_MODE_UNSUPPORTED").severity()).isEqualTo(Severity.WARNING);
            assertThat(rules(r)).doesNotContain("KERNEL_MODEL_DRIFT");
        }

        @Test
        void wpAsyncOpensWpOnlyOnFilesButNotDroppable() {
            assertThat(replay618(TraceBuilder.ctx("c").open("WP_ASYNC").register(BASE, PAGE, "file", "WP").events()).findings()).isEmpty();
            ReplayResult r = replay618(TraceBuilder.ctx("c").open("WP_ASYNC").registerResult("EINVAL", BASE, PAGE, "droppable", "WP").events());
            assertThat(rules(r)).containsExactly("REGISTER_MODE_UNSUPPORTED");
            ReplayResult noAsync = replay618(TraceBuilder.ctx("c").open().registerResult("EINVAL", BASE, PAGE, "file", "WP").events());
            assertThat(rules(noAsync)).containsExactly("REGISTER_MODE_UNSUPPORTED");
        }

        @Test
        void anEmptyModeListBreaksNoRule() {
            assertThat(replay618(TraceBuilder.ctx("c").open().registerResult("EINVAL", BASE, PAGE, "anon").events()).findings()).isEmpty();
        }

        @Test
        void anUnknownModeIsAWarningAndNeverDrifts() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "anon", "MISSING", "RWP").events());
            assertThat(rules(r)).containsExactly("REGISTER_MODE_UNSUPPORTED");
            assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARNING);
        }

        @Test
        void inheritedRegistrationsAreNotJudged() {
            assertThat(replay618(TraceBuilder.ctx("c").open().inherited(BASE, PAGE, "anon", "MINOR").events()).findings()).isEmpty();
        }
    }

    @Nested
    class IoctlUnsupported {
        @Test
        void continueOnAnon() {
            ReplayResult r = replay618(anon("MISSING").ioctl("CONTINUE", BASE, PAGE, "EINVAL").events());
            assertThat(rules(r)).containsExactly("IOCTL_MODE_MISMATCH", "IOCTL_UNSUPPORTED");
            assertThat(only(r, "IOCTL_UNSUPPORTED").severity()).isEqualTo(Severity.ERROR);
        }

        @Test
        void zeropageOnHugetlbButCopyIsFine() {
            TraceBuilder t = TraceBuilder.ctx("c").open().register(BASE, 4 * HPAGE, "hugetlb", "MISSING");
            assertThat(rules(replay618(t.events().subList(0, 2)))).isEmpty();
            ReplayResult r = replay618(t.ioctl("ZEROPAGE", BASE, HPAGE, "EINVAL").events());
            assertThat(rules(r)).containsExactly("IOCTL_UNSUPPORTED");
            ReplayResult copy = replay618(TraceBuilder.ctx("c").open().register(BASE, 4 * HPAGE, "hugetlb", "MISSING")
                    .ioctl("COPY", BASE, HPAGE, "ok").events());
            assertThat(copy.findings()).isEmpty();
        }

        @Test
        void moveOnShmemButNotOnAnon() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MISSING")
                    .ioctl("MOVE", BASE, PAGE, "EINVAL").events());
            assertThat(rules(r)).containsExactly("IOCTL_UNSUPPORTED");
            assertThat(replay618(anon("MISSING").ioctl("MOVE", BASE, PAGE, "ok").events()).findings()).isEmpty();
        }

        @Test
        void poisonBeforeSixSixIsAnOpTheKernelLacks() {
            ReplayResult r = replay(anon("MISSING").ioctl("POISON", BASE, PAGE, "EINVAL").events(), "linux-6.1");
            assertThat(rules(r)).containsExactly("IOCTL_UNSUPPORTED");
            assertThat(replay(anon("MISSING").ioctl("POISON", BASE, PAGE, "ok").events(), "linux-6.6").findings()).isEmpty();
        }

        @Test
        void continueWpFlagBeforeSixFour() {
            TraceBuilder t = TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MINOR", "WP")
                    .ioctl("CONTINUE", BASE, PAGE, "EINVAL", "WP");
            assertThat(rules(replay(t.events(), "linux-6.1"))).containsExactly("IOCTL_UNSUPPORTED");
            TraceBuilder ok = TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MINOR", "WP")
                    .ioctl("CONTINUE", BASE, PAGE, "ok", "WP");
            assertThat(replay(ok.events(), "linux-6.6").findings()).isEmpty();
        }

        @Test
        void continueOnShmemPrivateIsAWarningOnSixEighteen() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem-private", "MINOR")
                    .ioctl("CONTINUE", BASE, PAGE, "ok").events());
            Finding f = only(r, "IOCTL_UNSUPPORTED");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.mem()).isEqualTo("shmem-private");
            assertThat(rules(r)).hasSize(1);
        }

        @Test
        void continueOnHugetlbPrivateFailsWithEfaultWhichIsARejection() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open().register(BASE, HPAGE, "hugetlb-private", "MINOR")
                    .ioctl("CONTINUE", BASE, HPAGE, "EFAULT").events());
            assertThat(rules(r)).containsExactly("IOCTL_UNSUPPORTED");
            assertThat(r.findings().get(0).severity()).isEqualTo(Severity.ERROR);
            ReplayResult drift = replay618(TraceBuilder.ctx("c").open().register(BASE, HPAGE, "hugetlb-private", "MINOR")
                    .ioctl("CONTINUE", BASE, HPAGE, "ok").events());
            assertThat(rules(drift)).contains("KERNEL_MODEL_DRIFT");
        }

        @Test
        void anUnknownOpIsAWarningThatNeverDrifts() {
            ReplayResult r = replay618(anon("MISSING").ioctl("RWPROTECT", BASE, PAGE, "ok").events());
            assertThat(rules(r)).containsExactly("IOCTL_UNSUPPORTED");
            assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARNING);
        }

        @Test
        void fillsOnWpAsyncFileRangesAreUnsupported() {
            TraceBuilder t = TraceBuilder.ctx("c").open("WP_ASYNC").register(BASE, PAGE, "file", "WP");
            assertThat(rules(replay618(t.ioctl("WRITEPROTECT", BASE, PAGE, "ok", "WP").events()))).isEmpty();
            assertThat(rules(replay618(t.ioctl("COPY", BASE, PAGE, "EINVAL").events()))).containsExactly("IOCTL_UNSUPPORTED");
        }

        @Test
        void guestMemfdContinueIsLegalUnderTheProposal() {
            TraceBuilder t = TraceBuilder.ctx("c").open().registerResult("EINVAL", BASE, PAGE, "guest_memfd", "MINOR");
            assertThat(rules(replay618(t.events()))).containsExactly("REGISTER_MODE_UNSUPPORTED");
            TraceBuilder p = TraceBuilder.ctx("c").open().register(BASE, PAGE, "guest_memfd", "MINOR")
                    .ioctl("CONTINUE", BASE, PAGE, "ok");
            assertThat(replay(p.events(), "vm_uffd_ops-v3").findings()).isEmpty();
        }
    }

    @Nested
    class IoctlModeMismatch {
        @Test
        void writeprotectWithoutWpIsRejectedWithEnoent() {
            ReplayResult r = replay618(anon("MISSING").ioctl("WRITEPROTECT", BASE, PAGE, "ENOENT", "WP").events());
            assertThat(rules(r)).containsExactly("IOCTL_MODE_MISMATCH");
            assertThat(r.findings().get(0).severity()).isEqualTo(Severity.ERROR);
        }

        @Test
        void nearMissWritprotectOnAWpRange() {
            assertThat(replay618(anon("MISSING", "WP").ioctl("WRITEPROTECT", BASE, PAGE, "ok", "WP").events()).findings()).isEmpty();
        }

        @Test
        void copyWithWpFlagNeedsWp() {
            assertThat(rules(replay618(anon("MISSING").ioctl("COPY", BASE, PAGE, "EINVAL", "WP").events())))
                    .containsExactly("IOCTL_MODE_MISMATCH");
            assertThat(replay618(anon("MISSING", "WP").ioctl("COPY", BASE, PAGE, "ok", "WP").events()).findings()).isEmpty();
        }

        @Test
        void continueWithoutMinorIsAWarningBecauseSixEighteenAcceptsIt() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MISSING")
                    .ioctl("CONTINUE", BASE, PAGE, "ok").events());
            assertThat(rules(r)).containsExactly("IOCTL_MODE_MISMATCH");
            assertThat(r.findings().get(0).severity()).isEqualTo(Severity.WARNING);
        }

        @Test
        void copyIntoAMinorOnlyRangeIsNotAMismatch() {
            assertThat(replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MINOR")
                    .ioctl("COPY", BASE, PAGE, "ok").events()).findings()).isEmpty();
        }
    }

    @Nested
    class IoctlOutsideRegistration {
        @Test
        void aRangeThatRunsPastTheRegistration() {
            ReplayResult r = replay618(anon("MISSING").ioctl("ZEROPAGE", BASE + 15 * PAGE, 2 * PAGE, "EINVAL").events());
            assertThat(rules(r)).containsExactly("IOCTL_OUTSIDE_REGISTRATION");
        }

        @Test
        void aRangeOverTwoAdjacentRegistrationsIsCovered() {
            TraceBuilder t = anon("MISSING").register(BASE + 16 * PAGE, 16 * PAGE, "anon", "MISSING", "WP")
                    .ioctl("ZEROPAGE", BASE + 15 * PAGE, 2 * PAGE, "ok");
            assertThat(replay618(t.events()).findings()).isEmpty();
        }

        @Test
        void wakeIsExempt() {
            assertThat(replay618(anon("MISSING").ioctl("WAKE", 0x1000, PAGE, "ok").events()).findings()).isEmpty();
        }

        @Test
        void afterUnregisterTheRangeIsOutside() {
            ReplayResult r = replay618(anon("MISSING").unregister(BASE, 16 * PAGE)
                    .ioctl("ZEROPAGE", BASE, PAGE, "EINVAL").events());
            assertThat(rules(r)).containsExactly("IOCTL_OUTSIDE_REGISTRATION");
        }
    }

    @Nested
    class FaultRules {
        @Test
        void outsideRegistration() {
            assertThat(rules(replay618(anon("MISSING").fault(BASE + 16 * PAGE).events())))
                    .containsExactly("FAULT_OUTSIDE_REGISTRATION");
            assertThat(replay618(anon("MISSING").fault(BASE + 15 * PAGE + 123).events()).findings()).isEmpty();
        }

        @Test
        void afterRemapTheOldAddressIsOutsideAndTheNewOneInside() {
            long to = BASE + (1L << 30);
            TraceBuilder t = anon("MISSING").remap(BASE, to, 16 * PAGE);
            assertThat(rules(replay618(t.fault(BASE).events()))).containsExactly("FAULT_OUTSIDE_REGISTRATION");
            assertThat(replay618(anon("MISSING").remap(BASE, to, 16 * PAGE).fault(to + PAGE).events()).findings()).isEmpty();
        }

        @Test
        void afterUnmapTheRangeIsGone() {
            assertThat(rules(replay618(anon("MISSING").unmap(BASE, BASE + PAGE).fault(BASE).events())))
                    .containsExactly("FAULT_OUTSIDE_REGISTRATION");
            assertThat(replay618(anon("MISSING").unmap(BASE, BASE + PAGE).fault(BASE + PAGE).events()).findings()).isEmpty();
        }

        @Test
        void modeMismatch() {
            assertThat(rules(replay618(anon("WP").fault(BASE).events()))).containsExactly("FAULT_MODE_MISMATCH");
            assertThat(rules(replay618(anon("MISSING").fault(BASE, "WRITE", "WP").events()))).containsExactly("FAULT_MODE_MISMATCH");
            assertThat(replay618(anon("WP").fault(BASE, "WRITE", "WP").events()).findings()).isEmpty();
            assertThat(rules(replay618(TraceBuilder.ctx("c").open().register(BASE, PAGE, "shmem", "MISSING")
                    .fault(BASE, "MINOR").events()))).containsExactly("FAULT_MODE_MISMATCH");
        }
    }

    @Nested
    class FaultStuck {
        @Test
        void firesWhenTheWakeComesStrictlyLaterThanTheThreshold() {
            ReplayResult r = replay618(anon("MISSING").fault(BASE).after(1_000_000_001L).ioctl("ZEROPAGE", BASE, PAGE, "ok").events());
            Finding f = only(r, "FAULT_STUCK");
            assertThat(f.seq()).isEqualTo(2);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        }

        @Test
        void silentAtExactlyTheThreshold() {
            // the builder adds 10 us per event: the wake comes exactly 1 s after the fault
            ReplayResult r = replay618(anon("MISSING").fault(BASE).after(999_990_000L).ioctl("ZEROPAGE", BASE, PAGE, "ok").events());
            assertThat(r.findings()).isEmpty();
        }

        @Test
        void aNeverWokenFaultFiresAgainstTheLatestTimeOfTheWholeTrace() {
            var dead = anon("MISSING").fault(BASE).events();
            var alive = TraceBuilder.ctx("d").after(2_000_000_000L).open().events();
            var all = new java.util.ArrayList<>(dead);
            all.addAll(alive);
            ReplayResult r = replay618(all);
            assertThat(only(r, "FAULT_STUCK").ctx()).isEqualTo("c");
            assertThat(r.outstanding()).isEqualTo(1);
            assertThat(replay618(dead).findings()).isEmpty();
        }

        @Test
        void aCloseLateCountsAsTheWake() {
            ReplayResult r = replay618(anon("MISSING").fault(BASE).after(2_000_000_000L).close().events());
            assertThat(rules(r)).containsExactly("FAULT_STUCK");
            assertThat(r.resolvedByClose()).isEqualTo(1);
        }
    }

    @Nested
    class Drift {
        @Test
        void anAcceptanceThePofilePredictsRejected() {
            ReplayResult r = replay618(anon("MISSING").ioctl("CONTINUE", BASE, PAGE, "ok").events());
            assertThat(rules(r)).contains("KERNEL_MODEL_DRIFT");
            assertThat(only(r, "KERNEL_MODEL_DRIFT").severity()).isEqualTo(Severity.CRITICAL);
        }

        @Test
        void aRejectionThePofilePredictsAccepted() {
            assertThat(rules(replay618(anon("MISSING").ioctl("ZEROPAGE", BASE, PAGE, "EINVAL").events())))
                    .containsExactly("KERNEL_MODEL_DRIFT");
        }

        @Test
        void runtimeErrorsNeverDrift() {
            assertThat(replay618(anon("MISSING").ioctl("ZEROPAGE", BASE, PAGE, "EEXIST").ioctl("COPY", BASE, PAGE, "EAGAIN")
                    .ioctl("COPY", BASE, PAGE, "ENOMEM").events()).findings()).isEmpty();
        }

        @Test
        void autoProfileFollowsTheKernelRelease() {
            ReplayResult r = replay(TraceBuilder.ctx("c").openOn("6.3.1").register(BASE, PAGE, "anon", "MISSING")
                    .ioctl("POISON", BASE, PAGE, "ok").events(), null);
            assertThat(r.findings()).extracting(Finding::profile).containsOnly("linux-6.1");
            assertThat(rules(r)).containsExactly("IOCTL_UNSUPPORTED", "KERNEL_MODEL_DRIFT");
        }
    }

    @Nested
    class EventsLost {
        @Test
        void aHoleFiresOnTheEventAfterIt() {
            ReplayResult r = replay618(anon("MISSING").skipSeq(3).fault(BASE + PAGE).events());
            Finding f = only(r, "EVENTS_LOST");
            assertThat(f.seq()).isEqualTo(5);
            assertThat(f.evidenceJson()).contains("\"missing_from\":2,\"missing_to\":4");
        }

        @Test
        void aLossEvent() {
            assertThat(rules(replay618(anon("MISSING").loss(7).events()))).containsExactly("EVENTS_LOST");
        }

        @Test
        void aCtxThatStartsAfterZeroHasAHoleFromZero() {
            ReplayResult r = replay618(TraceBuilder.ctx("c").skipSeq(2).open().events());
            assertThat(only(r, "EVENTS_LOST").evidenceJson()).contains("\"missing_from\":0,\"missing_to\":1");
        }

        @Test
        void duplicatesAreDroppedNotHoles() {
            TraceBuilder t = anon("MISSING");
            var events = new java.util.ArrayList<>(t.events());
            events.add(events.get(1));
            ReplayResult r = replay618(events);
            assertThat(r.findings()).isEmpty();
            assertThat(r.duplicates()).isEqualTo(1);
            assertThat(r.events()).isEqualTo(2);
        }
    }
}
