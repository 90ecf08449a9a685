package io.backfill.executor.domain.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The controller's measuring: learning, the quiet-only baseline, probe holds, overrides. */
class WarehouseBudgetControllerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private final WarehouseBudgetController controller =
            new WarehouseBudgetController(ControllerSettings.defaults(), t -> false);
    private Instant now = T0;

    /** Canaries every 250 ms for {@code seconds}, with {@code running} coordinator statements. */
    private void canaries(double seconds, double latencyMs, OptionalInt running) {
        for (int i = 0; i < seconds * 4; i++) {
            now = now.plusMillis(250);
            controller.onCanary(new CanaryTick(now, Duration.ofNanos((long) (latencyMs * 1e6)), false, running, 0.3));
        }
    }

    private BudgetVerdict decide() {
        return controller.decide(now);
    }

    @Test
    void learnsItsBaselineBeforeAdmittingAnything() {
        assertThat(decide().budget()).isZero();
        assertThat(decide().state()).isEqualTo("learning");

        canaries(1.5, 20, OptionalInt.of(0));

        BudgetVerdict verdict = decide();
        assertThat(verdict.budget()).isEqualTo(0.25);
        assertThat(controller.baselineMillis()).isEqualTo(20);
    }

    @Test
    void canariesTakenWhileTheBackfillRunsNeverEnterTheBaseline() {
        canaries(2, 20, OptionalInt.of(0));
        decide();

        canaries(30, 60, OptionalInt.of(2));
        decide();

        assertThat(controller.baselineMillis()).isEqualTo(20);
    }

    @Test
    void aQuietCanaryRightAfterABusyOneDoesNotCountEither() {
        canaries(2, 20, OptionalInt.of(0));
        decide();
        canaries(0.25, 60, OptionalInt.of(1));
        canaries(0.25, 90, OptionalInt.of(0)); // the statement just ended; its effect lingers

        assertThat(controller.baselineMillis()).isEqualTo(20);
    }

    @Test
    void withoutAQuietCanaryForAMinuteItHoldsToProbeAndThenResumes() {
        canaries(2, 20, OptionalInt.of(0));
        double before = decide().budget();
        for (int s = 0; s < 61; s++) {
            canaries(1, 22, OptionalInt.of(1));
            decide();
        }

        BudgetVerdict hold = decide();
        assertThat(hold.budget()).isZero();
        assertThat(hold.state()).isEqualTo("probing");
        assertThat(hold.reason()).contains("probe hold");

        canaries(1.5, 19, OptionalInt.of(0));
        BudgetVerdict resumed = decide();
        assertThat(resumed.budget()).isPositive().isGreaterThanOrEqualTo(before * 0.5);
        assertThat(resumed.state()).isNotEqualTo("probing");
    }

    @Test
    void whereTheWarehouseCannotTellWhatRunsItLearnsInAHold() {
        decide(); // starts the learning hold
        canaries(2, 20, OptionalInt.empty());

        assertThat(decide().budget()).isEqualTo(0.25);
        assertThat(controller.baselineMillis()).isEqualTo(20);
    }

    @Test
    void aSlowWarehouseCutsTheBudgetAndSaysWhy() {
        canaries(2, 20, OptionalInt.of(0));
        decide();
        canaries(3, 40, OptionalInt.of(1));

        BudgetVerdict verdict = decide();

        assertThat(verdict.budget()).isLessThan(0.25);
        assertThat(verdict.state()).isEqualTo("decreasing");
        assertThat(verdict.reason()).contains("latency ratio 2.00x vs target 1.20x");
        assertThat(verdict.explanation().signals()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("latencyRatio");
            assertThat(s.limiting()).isTrue();
            assertThat(s.threshold()).isEqualTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void withNoUserQueryOnTheWarehouseItFillsItWhateverTheCanaryFeels() {
        canaries(2, 20, OptionalInt.of(0));
        decide();
        for (int s = 0; s < 80; s++) {
            // the backfill (using all it may) alone doubles the canary, but no user query runs at any canary
            secondOf(8, 0, 40);
        }

        BudgetVerdict verdict = decide();
        assertThat(verdict.budget()).isEqualTo(8.0);
        assertThat(verdict.reason()).contains("no user query");
        assertThat(verdict.state()).isEqualTo("idle");
    }

    /** One canary 250 ms after the last: the backfill runs {@code running} statements, {@code users} user queries run. */
    private void canary(int running, int users, double latencyMs) {
        now = now.plusMillis(250);
        controller.onCanary(new CanaryTick(
                now,
                Duration.ofNanos((long) (latencyMs * 1e6)),
                false,
                OptionalInt.of(running),
                0.3,
                OptionalInt.of(users)));
    }

    /** One second of canaries, then a decision. */
    private BudgetVerdict secondOf(int running, int users, double latencyMs) {
        for (int i = 0; i < 4; i++) {
            canary(running, users, latencyMs);
        }
        return decide();
    }

    @Test
    void anIdleWarehouseIsFilledWithinTheIdleWindowNotTheTailWindow() {
        canaries(2, 20, OptionalInt.of(0));
        decide();
        BudgetVerdict verdict = null;
        int seconds = 0;
        while (seconds < 30 && (verdict == null || !verdict.state().equals("idle"))) {
            verdict = secondOf(1, 0, 40);
            seconds++;
        }

        assertThat(verdict.state()).isEqualTo("idle");
        assertThat(verdict.budget()).isEqualTo(8.0);
        assertThat(seconds)
                .isLessThanOrEqualTo(
                        (int) ControllerSettings.defaults().idleWindow().toSeconds() + 1);
    }

    @Test
    void whenUsersComeBackTheBudgetReturnsAtOnceToWhatItWasBeforeTheFill() {
        canaries(2, 20, OptionalInt.of(0));
        double before = decide().budget();
        for (int s = 0; s < 10; s++) {
            BudgetVerdict v = secondOf(8, 0, 40);
            if (!v.state().equals("idle")) {
                before = v.budget(); // the law's own, until the idle window has passed
            }
        }
        assertThat(decide().budget()).isEqualTo(8.0);

        BudgetVerdict verdict = secondOf(8, 3, 40);

        assertThat(verdict.budget()).isEqualTo(before);
        assertThat(verdict.state()).isEqualTo("decreasing");
        assertThat(verdict.reason()).contains("a user query again");
    }

    @Test
    void aWarehouseWithUsersBusyAtMostCanariesIsNeverIdle() {
        canaries(2, 20, OptionalInt.of(0));
        decide();
        for (int s = 0; s < 60; s++) {
            // a user query at every other canary: never twelve in a row without one
            for (int i = 0; i < 4; i++) {
                canary(1, i % 2, 22);
            }
            assertThat(decide().state()).isNotEqualTo("idle");
        }
    }

    @Test
    void oneUserQueryAtOneCanaryMakesTheRatioCountAgain() {
        canaries(2, 20, OptionalInt.of(0));
        decide();
        for (int i = 0; i < 150; i++) {
            canary(1, i == 140 ? 1 : 0, 40);
        }

        BudgetVerdict verdict = decide();
        assertThat(verdict.reason()).doesNotContain("no user query");
        assertThat(verdict.state()).isEqualTo("decreasing");
    }

    @Test
    void operatorsOverridesRetuneTheLawAtOnce() {
        canaries(2, 20, OptionalInt.of(0));
        decide();

        controller.retune(ControllerSettings.defaults(), 1.5, null, 0.1, null);

        assertThat(controller.settings().law().targetRatio()).isEqualTo(1.5);
        assertThat(decide().budget()).isLessThanOrEqualTo(0.1);
    }
}
