package io.backfill.executor.domain.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Capacity used: 20 query slots, 5 waiting, 5 lock waits, CPU full at 0.9, IO wait at 0.3, canary 3x. */
class PressureCalculatorTest {

    private final PressureCalculator calculator = new PressureCalculator(LoadCapacity.DEFAULTS);

    @Test
    void takesTheMostSaturatedResourceRatherThanTheAverage() {
        var signals = RawLoadSignals.none().withQueries(2, 0).withLockWaits(5).withHost(0.1, 0.0);

        Pressure pressure = calculator.calculate(signals).orElseThrow();

        assertThat(pressure.value()).isEqualTo(1.0);
        assertThat(pressure.dominant()).isEqualTo(LoadSignal.LOCK_WAITS);
    }

    @Test
    void normalisesActiveQueriesAgainstTheQuerySlots() {
        var signals = RawLoadSignals.none().withQueries(10, 0);

        Pressure pressure = calculator.calculate(signals).orElseThrow();

        assertThat(pressure.value()).isEqualTo(0.5);
        assertThat(pressure.dominant()).isEqualTo(LoadSignal.ACTIVE_QUERIES);
    }

    @Test
    void readsMoreWaitingQueriesThanToleratedAsPressureAboveOne() {
        var signals = RawLoadSignals.none().withQueries(4, 10);

        assertThat(calculator.calculate(signals).orElseThrow().value()).isEqualTo(2.0);
    }

    @Test
    void ignoresMissingSignalsInsteadOfReadingThemAsIdle() {
        var hostOnly = RawLoadSignals.none().withHost(0.45, 0.03);

        Pressure pressure = calculator.calculate(hostOnly).orElseThrow();

        assertThat(pressure.value()).isCloseTo(0.5, within(1e-9));
        assertThat(pressure.dominant()).isEqualTo(LoadSignal.HOST_CPU);
    }

    @Test
    void hasNoPressureWhenNothingWasObserved() {
        assertThat(calculator.calculate(RawLoadSignals.none())).isEmpty();
    }

    @Test
    void scoresTheCanaryFromZeroAtItsBaselineToOneAtTheSaturationMultiple() {
        var baseline = Optional.of(Duration.ofMillis(100));

        double atBaseline = canaryPressure(Duration.ofMillis(100), baseline);
        double faster = canaryPressure(Duration.ofMillis(60), baseline);
        double twice = canaryPressure(Duration.ofMillis(200), baseline);
        double thrice = canaryPressure(Duration.ofMillis(300), baseline);

        assertThat(atBaseline).isZero();
        assertThat(faster).isZero();
        assertThat(twice).isCloseTo(0.5, within(1e-9));
        assertThat(thrice).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void measuresASubMillisecondCanaryAgainstAFewMillisecondsNotAgainstItsJitter() {
        Optional<Duration> tiny = Optional.of(Duration.ofNanos(300_000)); // SELECT 1 on a quiet server

        assertThat(canaryPressure(Duration.ofMillis(3), tiny))
                .as("10x its baseline, still instant")
                .isZero();
        assertThat(canaryPressure(Duration.ofMillis(15), tiny)).isCloseTo(1.0, within(1e-9));
        assertThat(canaryPressure(Duration.ofMillis(5), Optional.of(Duration.ZERO)))
                .isZero();
    }

    @Test
    void leavesTheCanaryOutWhileItsBaselineIsStillBeingLearned() {
        var signals = RawLoadSignals.none().withCanary(Duration.ofSeconds(5), Optional.empty());

        assertThat(calculator.calculate(signals)).isEmpty();
    }

    private double canaryPressure(Duration latency, Optional<Duration> baseline) {
        return calculator
                .calculate(RawLoadSignals.none().withCanary(latency, baseline))
                .orElseThrow()
                .value();
    }
}
