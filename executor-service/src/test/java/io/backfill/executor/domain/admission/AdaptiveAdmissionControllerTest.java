package io.backfill.executor.domain.admission;

import static io.backfill.executor.domain.admission.LoadTrace.WAREHOUSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.load.BudgetReading;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.domain.load.RawLoadSignals;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The executor's share of the warehouse budget, and its own pressure fallback for feeds without a
 * budget. Defaults: instance cap 8, stale after 30 s, fallback target 0.7 and ceiling 0.9.
 */
class AdaptiveAdmissionControllerTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    private final AtomicReference<Double> share = new AtomicReference<>(1.0);
    private final AdaptiveAdmissionController controller =
            new AdaptiveAdmissionController(AdmissionConfig.defaults(), clock, share::get);

    private void budget(double warehouseBudget, String state) {
        clock.advance(Duration.ofSeconds(1));
        controller.onLoadSample(new LoadSample(
                WAREHOUSE,
                clock.instant(),
                0.3,
                RawLoadSignals.none(),
                Optional.of(new BudgetReading(warehouseBudget, 1.15, 0.4, state, "reason of " + state))));
    }

    private void pressure(double value) {
        clock.advance(Duration.ofSeconds(1));
        controller.onLoadSample(LoadSample.of(WAREHOUSE, clock.instant(), value));
    }

    @Test
    void admitsTheWarehouseBudgetAsAWorkBudgetWithoutStartSpacing() {
        budget(0.5, "holding");

        AdmissionDecision decision = controller.decision();

        assertThat(decision.budgetPaced()).isTrue();
        assertThat(decision.workBudget()).isEqualTo(0.5);
        assertThat(decision.permits()).isEqualTo(1);
        assertThat(decision.minStartSpacing()).isZero();
    }

    @Test
    void takesOnlyItsShareOfTheWarehouseBudget() {
        share.set(1.0 / 3);
        budget(3, "increasing");

        assertThat(controller.decision().workBudget()).isEqualTo(1.0);
    }

    @Test
    void neverExceedsItsInstanceCap() {
        budget(40, "increasing");

        assertThat(controller.decision().workBudget()).isEqualTo(8);
    }

    @Test
    void aZeroBudgetPausesWithTheControllersReason() {
        budget(0, "probing");
        assertThat(controller.decision().pause()).contains(PauseReason.BASELINE_PROBE);

        budget(0, "stopped");
        assertThat(controller.decision().pause()).contains(PauseReason.HARD_CEILING);
    }

    @Test
    void withoutAShareItAdmitsNothing() {
        share.set(0.0);
        budget(2, "holding");

        assertThat(controller.decision().pause()).contains(PauseReason.NO_SHARE);
    }

    @Test
    void noSampleOrAStaleOneAdmitsNothing() {
        assertThat(controller.decision().pause()).contains(PauseReason.NO_LOAD_SAMPLE);
        budget(2, "holding");
        clock.advance(Duration.ofSeconds(31));

        assertThat(controller.decision().pause()).contains(PauseReason.STALE_LOAD_SAMPLE);
    }

    @Test
    void anOlderSampleArrivingLateIsIgnored() {
        budget(2, "holding");
        controller.onLoadSample(new LoadSample(
                WAREHOUSE,
                clock.instant().minusSeconds(5),
                0.3,
                RawLoadSignals.none(),
                Optional.of(new BudgetReading(0, Double.NaN, 0, "probing", "old"))));

        assertThat(controller.decision().workBudget()).isEqualTo(2);
    }

    @Test
    void explainsWithTheControllersReasonAndEverySignal() {
        share.set(0.5);
        budget(2, "decreasing");

        AdmissionExplanation explanation = controller.explain();

        assertThat(explanation.state()).isEqualTo("decreasing");
        assertThat(explanation.reason()).isEqualTo("reason of decreasing");
        assertThat(explanation.budget()).isEqualTo(1.0);
        assertThat(explanation.signals())
                .extracting(AdmissionExplanation.Signal::name)
                .contains("sampleAge", "latencyRatio", "warehouseBudget", "share", "instanceCap");
    }

    @Test
    void aPressureOnlyFeedSteersItsOwnBudgetUpAndDown() {
        pressure(0.2);
        double start = controller.decision().workBudget();
        pressure(0.2);
        double grown = controller.decision().workBudget();
        pressure(0.8);
        double cut = controller.decision().workBudget();

        assertThat(grown).isGreaterThan(start);
        assertThat(cut).isLessThan(grown);
        assertThat(controller.decision().minStartSpacing()).isZero();
    }

    @Test
    void aPressureOnlyFeedNeverCollapsesBelowItsFloorAndPausesOnlyAboveTheCeiling() {
        for (int i = 0; i < 30; i++) {
            pressure(0.85);
        }
        assertThat(controller.decision().workBudget()).isEqualTo(AdaptiveAdmissionController.FALLBACK_FLOOR);

        pressure(0.95);
        assertThat(controller.decision().pause()).contains(PauseReason.HARD_CEILING);
        assertThat(controller.explain().signals())
                .anySatisfy(s -> assertThat(s.name()).isEqualTo("hardCeiling"));
    }
}
