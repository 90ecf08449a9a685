package io.backfill.executor.domain.admission;

import static io.backfill.executor.domain.admission.LoadTrace.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code static} and {@code none} do not look at load; only the caps bind them. */
class LoadBlindStrategiesTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    private final AdmissionConfig config =
            AdmissionConfig.defaults().withInstanceCap(6).withStaticBudget(3);

    @Test
    void staticAdmitsItsFixedBudgetWhateverTheLoad() {
        var controller = AdmissionControllers.create(config.withStrategy(AdmissionStrategy.STATIC), clock);
        var trace = new LoadTrace(clock, controller);

        AdmissionDecision beforeAnySample = controller.decision();
        var permits = trace.play(0.1, 0.8, 1.5, 0.2);
        clock.advance(Duration.ofHours(1));
        AdmissionDecision stale = controller.decision();

        assertThat(beforeAnySample.permits()).isEqualTo(3);
        assertThat(permits).containsOnly(3);
        assertThat(stale.permits()).isEqualTo(3);
        assertThat(stale.workBudget()).isEqualTo(3.0);
        assertThat(stale.minStartSpacing())
                .as("the budget paces starts, not a spacing")
                .isZero();
    }

    @Test
    void staticPermitsAreCappedByTheInstanceCap() {
        var controller = AdmissionControllers.create(
                config.withStrategy(AdmissionStrategy.STATIC).withStaticBudget(50), clock);

        assertThat(controller.decision().permits()).isEqualTo(6);
    }

    @Test
    void aFractionalStaticBudgetAdmitsOneStatementPacedByThatBudget() {
        var controller = AdmissionControllers.create(
                config.withStrategy(AdmissionStrategy.STATIC).withStaticBudget(0.5), clock);

        AdmissionDecision decision = controller.decision();

        assertThat(decision.permits()).isEqualTo(1);
        assertThat(decision.workBudget()).isEqualTo(0.5);
        assertThat(decision.admittedBudget()).isEqualTo(0.5);
        assertThat(decision.minStartSpacing()).isZero();
    }

    @Test
    void aPhaseBudgetNarrowsStaticPermitsButKeepsTheInstanceWorkBudget() {
        var controller = AdmissionControllers.create(config.withStrategy(AdmissionStrategy.STATIC), clock);

        AdmissionDecision phase = controller.decision(new PhaseBudget(1, 4.0));

        assertThat(phase.permits()).isEqualTo(1);
        assertThat(phase.minStartSpacing()).isEqualTo(Duration.ofMillis(250));
        assertThat(phase.workBudget()).isEqualTo(3.0);
    }

    @Test
    void noneAdmitsTheInstanceCapWithoutSpacingWhateverTheLoad() {
        var controller = AdmissionControllers.create(config.withStrategy(AdmissionStrategy.NONE), clock);
        var trace = new LoadTrace(clock, controller);

        var permits = trace.play(repeat(2.0, 3));

        assertThat(permits).containsOnly(6);
        assertThat(controller.decision().minStartSpacing()).isZero();
        assertThat(controller.decision().pause()).isEmpty();
    }

    @Test
    void noneStillHonoursThePhaseBudget() {
        var controller = AdmissionControllers.create(config.withStrategy(AdmissionStrategy.NONE), clock);

        AdmissionDecision decision = controller.decision(new PhaseBudget(2, 4.0));

        assertThat(decision.permits()).isEqualTo(2);
        assertThat(decision.minStartSpacing()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aCommandPauseStopsAnyStrategyUntilResumed() {
        for (AdmissionStrategy strategy : AdmissionStrategy.values()) {
            var controller = AdmissionControllers.create(config.withStrategy(strategy), clock);
            new LoadTrace(clock, controller).play(0.1, 0.1);

            controller.pause();
            AdmissionDecision paused = controller.decision();
            controller.resume();
            AdmissionDecision resumed = controller.decision();

            assertThat(paused.pause()).as(strategy.configName()).contains(PauseReason.COMMAND);
            assertThat(paused.permits()).isZero();
            assertThat(paused.admittedBudget()).isZero();
            assertThat(resumed.pause()).as(strategy.configName()).isEmpty();
            assertThat(resumed.permits()).as(strategy.configName()).isPositive();
        }
    }
}
