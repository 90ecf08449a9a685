package io.backfill.executor.domain.admission;

import static io.backfill.executor.domain.admission.LoadTrace.WAREHOUSE;
import static io.backfill.executor.domain.admission.LoadTrace.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.window.WeeklySchedule;
import io.backfill.core.window.WeeklyWindowSyntax;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Scripted load traces through the AIMD controller. Defaults unless a test says otherwise:
 * instance cap 8, off-peak target 0.7, peak target 0.5, hard ceiling 0.9, +1 per calm sample,
 * x0.7 per hot sample, samples every 5 s, stale after 30 s.
 */
class AdaptiveAdmissionControllerTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    private final AdmissionConfig config = AdmissionConfig.defaults();

    private AdaptiveAdmissionController controller(AdmissionConfig c) {
        return new AdaptiveAdmissionController(c, clock);
    }

    @Test
    void rampsUpByOnePermitPerSampleUnderLowPressureUntilTheInstanceCap() {
        var trace = new LoadTrace(clock, controller(config));

        List<Integer> permits = trace.play(repeat(0.2, 9));

        assertThat(permits).containsExactly(2, 3, 4, 5, 6, 7, 8, 8, 8);
    }

    @Test
    void cutsAdmissionMultiplicativelyWithinOneSampleWhenPressureExceedsTheTarget() {
        var trace = new LoadTrace(clock, controller(config));
        trace.play(repeat(0.2, 7)); // at the cap of 8

        AdmissionDecision afterSpike = trace.sample(0.8);

        assertThat(afterSpike.permits()).isEqualTo(5); // floor(8 * 0.7)
        assertThat(afterSpike.pauseConsumption()).isFalse();
    }

    @Test
    void admitsNothingAndPausesWithinOneSampleAboveTheHardCeiling() {
        var trace = new LoadTrace(clock, controller(config));
        trace.play(repeat(0.2, 7));

        AdmissionDecision afterSpike = trace.sample(0.95);

        assertThat(afterSpike.permits()).isZero();
        assertThat(afterSpike.pause()).contains(PauseReason.HARD_CEILING);
    }

    @Test
    void resumesWithASlowStartAfterPressureFallsBelowTheCeiling() {
        var trace = new LoadTrace(clock, controller(config));
        trace.play(repeat(0.2, 7));
        trace.sample(1.3);

        List<Integer> permits = trace.play(0.3, 0.3, 0.3);

        assertThat(permits).containsExactly(1, 2, 3);
    }

    @Test
    void holdsAtZeroWithoutPausingWhileRecoveringPressureIsBetweenTargetAndCeiling() {
        var trace = new LoadTrace(clock, controller(config));
        trace.sample(0.95);

        AdmissionDecision decision = trace.sample(0.8);

        assertThat(decision.permits()).isZero();
        assertThat(decision.pause()).isEmpty();
    }

    @Test
    void admitsNothingBeforeTheFirstSample() {
        var controller = controller(config);

        AdmissionDecision decision = controller.decision();

        assertThat(decision.permits()).isZero();
        assertThat(decision.pause()).contains(PauseReason.NO_LOAD_SAMPLE);
    }

    @Test
    void stopsOnceTheLatestSampleIsOlderThanTheMaxAge() {
        var controller = controller(config);
        var trace = new LoadTrace(clock, controller);
        trace.play(repeat(0.2, 4));

        clock.advance(Duration.ofSeconds(30));
        AdmissionDecision atMaxAge = controller.decision();
        clock.advance(Duration.ofMillis(1));
        AdmissionDecision pastMaxAge = controller.decision();

        assertThat(atMaxAge.permits()).isEqualTo(5);
        assertThat(pastMaxAge.permits()).isZero();
        assertThat(pastMaxAge.pause()).contains(PauseReason.STALE_LOAD_SAMPLE);
    }

    @Test
    void keepsItsLimitThroughAStaleGapAndResumesWhenFreshSamplesReturn() {
        var controller = controller(config);
        var trace = new LoadTrace(clock, controller);
        trace.play(repeat(0.2, 4));
        clock.advance(Duration.ofMinutes(5));

        AdmissionDecision afterGap = trace.sample(0.2);

        assertThat(afterGap.permits()).isEqualTo(6);
        assertThat(afterGap.pause()).isEmpty();
    }

    @Test
    void aSampleAlreadyStaleOnArrivalDoesNotMoveTheLimit() {
        var controller = controller(config);
        var trace = new LoadTrace(clock, controller);
        trace.play(0.2); // limit 2
        clock.advance(Duration.ofMinutes(1));

        controller.onLoadSample(LoadSample.of(WAREHOUSE, clock.instant().minusSeconds(40), 0.95));
        AdmissionDecision decision = trace.sample(0.2);

        assertThat(decision.permits()).isEqualTo(3);
    }

    @Test
    void ignoresRedeliveredAndOutOfOrderSamples() {
        var controller = controller(config);
        var trace = new LoadTrace(clock, controller);
        trace.play(0.2, 0.2); // limit 3
        var latest = clock.instant();

        controller.onLoadSample(LoadSample.of(WAREHOUSE, latest, 0.2));
        controller.onLoadSample(LoadSample.of(WAREHOUSE, latest.minusSeconds(3), 0.95));

        assertThat(controller.decision().permits()).isEqualTo(3);
        assertThat(controller.decision().pause()).isEmpty();
    }

    /**
     * Closed loop against a warehouse whose pressure is {@code 0.15 + 0.1 * running}: it carries
     * N* = 5 partitions at or below the 0.7 target (0.65) and 6 above it (0.75). The bound: after
     * the first overshoot, AIMD's sawtooth keeps permits within {@code [floor(beta * (N* + 1)),
     * N* + 1]} = [4, 6] with beta = 0.7: it climbs one per sample to N* + 1, sees the target
     * exceeded, and falls to 70% of that. It never drifts, never pauses, and never overshoots by
     * more than one partition.
     */
    @Test
    void oscillatesWithinFourToSixPermitsOnASteadyTraceAroundTheTarget() {
        var trace = new LoadTrace(clock, controller(config));
        int permits = 1;
        List<Integer> history = new ArrayList<>();

        for (int i = 0; i < 200; i++) {
            AdmissionDecision decision = trace.sample(0.15 + 0.1 * permits);
            permits = decision.permits();
            assertThat(decision.pause()).isEmpty();
            history.add(permits);
        }

        List<Integer> steady = history.subList(10, history.size());
        assertThat(steady).allSatisfy(p -> assertThat(p).isBetween(4, 6));
        assertThat(steady).contains(4, 6); // the bound is tight: it really is a sawtooth, not a drift
    }

    @Test
    void usesTheLowerTargetInsideAPeakWindow() {
        ZoneId amsterdam = ZoneId.of("Europe/Amsterdam");
        var officeHours = WeeklyWindowSyntax.parse("MON-FRI 09:00-17:00");
        var targets = new LoadTargets(0.7, 0.5, 0.9, new WeeklySchedule(amsterdam, List.of(officeHours)));
        var c = config.withTargets(targets);

        // given both controllers ramped to 5 permits, one at Monday 10:00 and one at Monday 20:00 local
        clock.set(ZonedDateTime.of(2026, 3, 2, 9, 59, 0, 0, amsterdam).toInstant());
        var peakController = controller(c);
        var peakTrace = new LoadTrace(clock, peakController);
        peakTrace.play(repeat(0.2, 4));
        AdmissionDecision peak = peakTrace.sample(0.6);

        clock.set(ZonedDateTime.of(2026, 3, 2, 19, 59, 0, 0, amsterdam).toInstant());
        var offPeakController = controller(c);
        var offPeakTrace = new LoadTrace(clock, offPeakController);
        offPeakTrace.play(repeat(0.2, 4));
        AdmissionDecision offPeak = offPeakTrace.sample(0.6);

        // then the same pressure of 0.6 is too much in the peak window and fine outside it
        assertThat(peak.permits()).isEqualTo(3); // floor(5 * 0.7)
        assertThat(offPeak.permits()).isEqualTo(6);
    }

    @Test
    void carriesTheConfiguredStartSpacing() {
        var trace = new LoadTrace(clock, controller(config.withMinStartSpacing(Duration.ofMillis(250))));

        AdmissionDecision decision = trace.sample(0.1);

        assertThat(decision).isEqualTo(new AdmissionDecision(2, Duration.ofMillis(250), Optional.empty()));
    }
}
