package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.load.LoadSample;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OperatorThrottledControllerTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final OperatorControls controls = new OperatorControls(clock);

    @Test
    void factorZeroPausesWithManualThrottleAndTheThrottleIsTheReasonUntilItExpires() {
        OperatorThrottledController controller = new OperatorThrottledController(fixed(budgeted(2.0)), controls);
        throttle(null, 0.0, Duration.ofSeconds(30));

        assertThat(controller.decision().pause()).hasValue(PauseReason.MANUAL_THROTTLE);
        AdmissionExplanation why = controller.explain();
        assertThat(why.state()).isEqualTo("paused");
        assertThat(why.budget()).isZero();
        assertThat(why.reason()).isEqualTo("manual throttle 0.0 of the warehouse by alice until 12:00:30Z: incident");
        assertThat(why.signals())
                .filteredOn(AdmissionExplanation.Signal::limiting)
                .extracting(AdmissionExplanation.Signal::name)
                .containsExactly("manualThrottle");

        clock.advance(Duration.ofSeconds(30));
        assertThat(controller.decision()).isEqualTo(budgeted(2.0));
        assertThat(controller.explain().signals()).isEmpty();
    }

    @Test
    void aFactorBelowOneScalesABudgetPacedDecisionsWorkBudget() {
        OperatorThrottledController controller = new OperatorThrottledController(fixed(budgeted(3.0)), controls);
        throttle(null, 0.5, Duration.ofMinutes(1));

        AdmissionDecision decision = controller.decision();
        assertThat(decision.workBudget()).isEqualTo(1.5);
        assertThat(decision.permits()).isEqualTo(2);
        assertThat(controller.explain().state()).isEqualTo("throttled");
        assertThat(controller.explain().budget()).isEqualTo(1.5);
    }

    @Test
    void aPermitDecisionIsScaledDownButKeepsOnePermitUnderAnyFactorAboveZero() {
        assertThat(OperatorThrottledController.apply(AdmissionDecision.admit(4, Duration.ZERO), 0.5, null)
                        .permits())
                .isEqualTo(2);
        assertThat(OperatorThrottledController.apply(AdmissionDecision.admit(3, Duration.ZERO), 0.1, null)
                        .permits())
                .isEqualTo(1);
        assertThat(OperatorThrottledController.apply(AdmissionDecision.admit(3, Duration.ZERO), 1.0, null))
                .isEqualTo(AdmissionDecision.admit(3, Duration.ZERO));
    }

    @Test
    void aMaxBudgetOverrideCapsTheWorkBudget() {
        AdmissionDecision capped = OperatorThrottledController.apply(budgeted(4.0), 1.0, 1.5);

        assertThat(capped.workBudget()).isEqualTo(1.5);
        assertThat(capped.permits()).isEqualTo(2);
        assertThat(OperatorThrottledController.apply(budgeted(1.0), 1.0, 1.5)).isEqualTo(budgeted(1.0));
    }

    @Test
    void theDelegatesOwnPauseWinsAndABackfillsThrottleDoesNotChangeTheInstanceDecision() {
        OperatorThrottledController stale = new OperatorThrottledController(
                fixed(AdmissionDecision.paused(PauseReason.STALE_LOAD_SAMPLE)), controls);
        throttle(null, 0.0, Duration.ofMinutes(1));
        assertThat(stale.decision().pause()).hasValue(PauseReason.STALE_LOAD_SAMPLE);

        OperatorControls only = new OperatorControls(clock);
        only.throttle(new OperatorControls.Throttle(
                "bf-1", 0.0, clock.instant().plusSeconds(60), "alice", null, clock.instant()));
        OperatorThrottledController controller = new OperatorThrottledController(fixed(budgeted(2.0)), only);
        assertThat(controller.decision()).isEqualTo(budgeted(2.0));
        assertThat(controller.explain().signals())
                .singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo("manualThrottle[bf-1]"));
    }

    private void throttle(String backfill, double factor, Duration ttl) {
        Instant now = clock.instant();
        controls.throttle(new OperatorControls.Throttle(backfill, factor, now.plus(ttl), "alice", "incident", now));
    }

    private static AdmissionDecision budgeted(double budget) {
        return AdmissionDecision.budgeted(budget, 8);
    }

    /** A controller whose decision is fixed: the decorator's behaviour alone is under test. */
    private static AdmissionController fixed(AdmissionDecision decision) {
        return new AdmissionController() {
            @Override
            public void onLoadSample(LoadSample sample) {}

            @Override
            public AdmissionDecision decision() {
                return decision;
            }

            @Override
            public AdmissionStrategy strategy() {
                return AdmissionStrategy.STATIC;
            }
        };
    }
}
