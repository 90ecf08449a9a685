package io.backfill.planner.domain.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.lifecycle.BackfillEvent.PartitionStaged;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.projection.Alert.AlertType;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.testing.Specs;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StuckPhaseDetectorTest {

    private final MutableClock clock = MutableClock.at("2026-03-04T00:00:00Z");
    private final StuckPhaseDetector detector = new StuckPhaseDetector(Duration.ofMinutes(30));

    @Test
    void alertsOnceWhenAReleasedPhaseShowsNoProgressForTheConfiguredDuration() {
        BackfillRun run = runWithReleasedFirstPhase();

        clock.advance(Duration.ofMinutes(29));
        assertThat(detector.check(run, clock.instant())).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        List<Alert> alerts = detector.check(run, clock.instant());
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.STUCK_PHASE);
            assertThat(alert.phaseId()).contains("bf-1-p0");
        });

        clock.advance(Duration.ofMinutes(10));
        assertThat(detector.check(run, clock.instant())).isEmpty();
    }

    @Test
    void progressReArmsTheDetector() {
        BackfillRun run = runWithReleasedFirstPhase();
        clock.advance(Duration.ofMinutes(30));
        assertThat(detector.check(run, clock.instant())).hasSize(1);

        run.apply(new PartitionStaged("e1", clock.instant(), "bf-1-p0", "2026-03-01"));
        clock.advance(Duration.ofMinutes(29));
        assertThat(detector.check(run, clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(detector.check(run, clock.instant())).hasSize(1);
    }

    @Test
    void ignoresPhasesThatWereNeverReleased() {
        BackfillRun run = runWithReleasedFirstPhase();
        clock.advance(Duration.ofDays(1));

        assertThat(detector.check(run, clock.instant()))
                .extracting(a -> a.phaseId().orElseThrow())
                .containsExactly("bf-1-p0");
    }

    private BackfillRun runWithReleasedFirstPhase() {
        BackfillSpec spec = Specs.valid();
        BackfillRun run = BackfillRun.requested(spec);
        run.plan(new PhaseSplitter(new SplitPolicy(Duration.ofHours(1), 1, 10))
                .split(spec.backfillId(), spec.range(), CostModel.uniform(3600)));
        run.release("bf-1-p0", clock.instant());
        return run;
    }
}
