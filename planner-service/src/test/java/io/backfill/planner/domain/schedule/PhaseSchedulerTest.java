package io.backfill.planner.domain.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.window.WeeklyWindow;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.BackfillEvent.CommandIssued;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.Specs;
import io.backfill.planner.domain.window.WindowPolicy;
import io.backfill.testsupport.time.MutableClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PhaseSchedulerTest {

    /** A Wednesday. */
    private final MutableClock clock = MutableClock.at("2026-03-04T12:00:00Z");

    private final PhaseScheduler scheduler = new PhaseScheduler(clock, 10, Duration.ofMinutes(10));

    @Test
    void releasesNothingOutsideAllowedWindow() {
        WindowPolicy nights = new WindowPolicy(
                ZoneOffset.UTC,
                List.of(WeeklyWindow.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, LocalTime.of(22, 0), LocalTime.of(6, 0))),
                Set.of());
        Candidate candidate = candidate("a", 5, nights, 3, 0, 3);

        assertThat(scheduler.decide(List.of(candidate))).isEmpty();

        clock.set(Instant.parse("2026-03-04T23:00:00Z"));
        assertThat(scheduler.decide(List.of(candidate))).hasSize(3);
    }

    @Test
    void releasesUpToTheBackfillsMaxPhasesInFlight() {
        Candidate candidate = candidate("a", 5, always(), 3, 1, 5);

        assertThat(scheduler.decide(List.of(candidate)))
                .containsExactly(new Release("a", "a-p0"), new Release("a", "a-p1"));
    }

    @Test
    void staysWithinTheWarehouseWideCapCountingEveryBackfillsInFlightPhases() {
        PhaseScheduler capped = new PhaseScheduler(clock, 4, Duration.ofMinutes(10));
        Candidate busy = candidate("a", 5, always(), 10, 3, 5);
        Candidate idle = candidate("b", 5, always(), 10, 0, 5);

        assertThat(capped.decide(List.of(busy, idle))).hasSize(1);
    }

    @Test
    void releasesNothingWhenTheWarehouseIsFull() {
        PhaseScheduler capped = new PhaseScheduler(clock, 2, Duration.ofMinutes(10));

        assertThat(capped.decide(List.of(candidate("a", 5, always(), 10, 2, 5))))
                .isEmpty();
    }

    @Test
    void higherPriorityGoesFirstWhenNeitherHasADeadline() {
        PhaseScheduler oneSlot = new PhaseScheduler(clock, 1, Duration.ofHours(1));

        List<Release> releases = oneSlot.decide(
                List.of(candidate("low", 1, always(), 5, 0, 5), candidate("high", 9, always(), 5, 0, 5)));

        assertThat(releases).containsExactly(new Release("high", "high-p0"));
    }

    @Test
    void aBackfillAboutToMissItsDeadlineGoesBeforeAHigherPriorityOne() {
        PhaseScheduler oneSlot = new PhaseScheduler(clock, 1, Duration.ofHours(1));
        Candidate urgent = new Candidate(
                "urgent",
                1,
                Optional.of(clock.instant().plus(Duration.ofHours(3))),
                always(),
                5,
                0,
                List.of("urgent-p0"),
                Duration.ofHours(2),
                clock.instant());
        Candidate important = candidate("important", 100, always(), 5, 0, 5);

        assertThat(oneSlot.decide(List.of(important, urgent))).containsExactly(new Release("urgent", "urgent-p0"));
    }

    @Test
    void releasesNothingForAPausedBackfill() {
        BackfillRun run = plannedRun();
        run.apply(new CommandIssued("c1", clock.instant(), Command.PAUSE, "alice"));

        List<Release> releases =
                scheduler.decide(List.of(Candidate.of(run, clock.instant(), Duration.ofHours(1), clock.instant())));

        assertThat(releases).isEmpty();
    }

    @Test
    void releasesThePhasesTheLifecycleAllowsForARunningBackfill() {
        BackfillRun run = plannedRun();

        List<Release> releases =
                scheduler.decide(List.of(Candidate.of(run, clock.instant(), Duration.ofHours(1), clock.instant())));

        assertThat(releases).containsExactly(new Release("bf-1", "bf-1-p0"), new Release("bf-1", "bf-1-p1"));
    }

    @Test
    void lowPriorityBackfillStillGetsReleasesBesideAHighPriorityOne() {
        // given one slot, a round per minute, and phases that finish within the round
        PhaseScheduler oneSlot = new PhaseScheduler(clock, 1, Duration.ofMinutes(10));
        Instant lowServed = clock.instant();
        Instant highServed = clock.instant();
        int lowReleases = 0;

        // when
        for (int round = 0; round < 120; round++) {
            Candidate high = new Candidate(
                    "high",
                    1000,
                    Optional.empty(),
                    always(),
                    1,
                    0,
                    List.of("high-p"),
                    Duration.ofHours(100),
                    highServed);
            Candidate low = new Candidate(
                    "low", 0, Optional.empty(), always(), 1, 0, List.of("low-p"), Duration.ofHours(100), lowServed);
            List<Release> releases = oneSlot.decide(List.of(high, low));
            assertThat(releases).hasSize(1);
            if (releases.getFirst().backfillId().equals("low")) {
                lowReleases++;
                lowServed = clock.instant();
            } else {
                highServed = clock.instant();
            }
            clock.advance(Duration.ofMinutes(1));
        }

        // then: served about once per starvation period, the rest goes to the important one
        assertThat(lowReleases).isBetween(10, 12);
    }

    private BackfillRun plannedRun() {
        BackfillSpec spec = Specs.valid();
        BackfillRun run = BackfillRun.requested(spec);
        run.plan(new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 10))
                .split(spec.backfillId(), spec.range(), CostModel.uniform(3600)));
        return run;
    }

    private Candidate candidate(String id, int priority, WindowPolicy windows, int max, int inFlight, int pending) {
        return new Candidate(
                id,
                priority,
                Optional.empty(),
                windows,
                max,
                inFlight,
                IntStream.range(0, pending).mapToObj(i -> id + "-p" + i).toList(),
                Duration.ofHours(1),
                clock.instant());
    }

    private static WindowPolicy always() {
        return WindowPolicy.always(ZoneId.of("UTC"));
    }
}
