package io.backfill.executor.domain.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetLawTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private final BudgetLaw law = new BudgetLaw(BudgetLawSettings.defaults());

    private double step(double second, double ratio, double used) {
        return law.step(new BudgetLaw.Observation(T0.plusMillis((long) (second * 1000)), ratio, used, 0.5, false));
    }

    @Test
    void holdsStillInsideTheDeadBand() {
        step(0, 1.2, 0.25);
        assertThat(step(10, 1.29, 0.25)).isEqualTo(0.25);
        assertThat(step(20, 1.11, 0.25)).isEqualTo(0.25);
        assertThat(law.lastMove()).isEqualTo(BudgetLaw.Move.HOLD_IN_BAND);
    }

    @Test
    void anIncreaseWaitsForTheLastChangesEffect() {
        step(0, 1.0, 0.25);
        assertThat(step(1, 1.0, 0.25)).isEqualTo(0.25);
        assertThat(law.lastMove()).isEqualTo(BudgetLaw.Move.HOLD_SETTLING);
        double grown = step(3, 1.0, 0.25);
        assertThat(grown).isGreaterThan(0.25);
        assertThat(step(4, 1.0, grown)).isEqualTo(grown);
    }

    @Test
    void whereTheBackfillIsNotFeltAtAllItDoublesEveryHalfSettleTime() {
        step(0, 1.0, 0.25);
        assertThat(step(1, 1.0, 0.25)).isEqualTo(0.25);
        assertThat(step(1.5, 1.0, 0.25)).isEqualTo(0.25 * BudgetLaw.SLOW_START_FACTOR + 0.05);
    }

    @Test
    void whereItIsBarelyFeltItGrowsByAtMostTheHeadroomFactorPerSettleTime() {
        step(0, 1.05, 0.25);
        assertThat(step(2, 1.05, 0.25)).isEqualTo(0.25);
        double grown = step(3, 1.05, 0.25);
        assertThat(grown).isGreaterThan(0.25).isLessThanOrEqualTo(0.25 * BudgetLaw.MAX_INCREASE_FACTOR + 0.05);
    }

    @Test
    void anUnusedBudgetDoesNotGrow() {
        step(0, 1.0, 0.0);
        assertThat(step(5, 1.0, 0.1)).isEqualTo(0.25);
        assertThat(law.lastMove()).isEqualTo(BudgetLaw.Move.HOLD_UNUSED);
    }

    @Test
    void aDecreaseIsProportionalAndBounded() {
        step(0, 1.0, 0.25);
        double grown = step(3, 1.0, 0.25); // 0.45
        double trimmed = step(4, 1.31, grown); // 1.2 / 1.31 = 0.92, bounded to 0.9: at least a tenth off
        assertThat(trimmed).isEqualTo(grown * 0.9);
        double proportional = step(6, 1.5, trimmed); // 1.2 / 1.5 = 0.8
        assertThat(proportional).isCloseTo(trimmed * 0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(step(8, 6.0, proportional)).isEqualTo(proportional * 0.5); // a spike halves
    }

    @Test
    void oneNoisySampleAboveTheCeilingNeverStopsIt() {
        step(0, 1.2, 0.25);
        assertThat(step(1, 50, 0.25)).isPositive();
        assertThat(law.stopped()).isFalse();
        assertThat(step(2, 1.2, 0.25)).isPositive();
    }

    @Test
    void aSustainedCeilingBreachStopsNewWorkAndResumesAtHalf() {
        step(0, 1.2, 0.25);
        step(1, 5, 0.25);
        double before = law.current();
        assertThat(step(2, 5, 0.25)).isZero();
        assertThat(law.stopped()).isTrue();
        assertThat(step(3, 4, 0)).isZero();
        assertThat(step(4, 1.2, 0)).isEqualTo(Math.max(0.05, before * 0.5));
    }

    @Test
    void aBreachAtTheFloorIsNoChangeAndNoHurtSoTheBudgetGrowsOnceTheRatioIsFine() {
        step(0, 1.2, 0.25);
        double t = 1;
        while (law.current() > law.settings().minBudget()) {
            step(t, 2.5, 0.25); // cut to the floor
            t += 2;
        }
        java.time.Instant atFloor = law.lastChange();

        step(t + 5, 1.5, 0.05); // one statement at the floor slows the canary now and then
        step(t + 10, 1.5, 0.05);

        assertThat(law.lastMove()).isEqualTo(BudgetLaw.Move.HOLD_AT_MIN);
        assertThat(law.lastChange()).isEqualTo(atFloor);
        double hurtBefore = law.hurtBudget();
        assertThat(hurtBefore).isGreaterThan(law.settings().minBudget());
        assertThat(step(t + 15, 1.0, 0.05)).isGreaterThan(law.settings().minBudget());
    }

    @Test
    void neverBelowTheFloorHoweverManyDecreases() {
        for (int i = 0; i < 50; i++) {
            step(i * 3, 2.9, 0.05);
        }
        assertThat(law.current()).isEqualTo(0.05);
    }

    @Test
    void aBudgetThatHurtCapsTheNextIncreasesUntilForgotten() {
        step(0, 1.0, 1);
        double a = step(3, 1.0, 1); // 0.45
        double b = step(6, 1.0, 1); // 0.77
        double cut = step(7, 2.0, b); // hurt at b
        assertThat(cut).isLessThan(b);
        double c = step(10, 1.0, 2);
        double d = step(13, 1.0, 2);
        assertThat(Math.max(c, d)).isLessThanOrEqualTo(b * 0.9 + 1e-9);
        assertThat(a).isLessThan(b);
        // After the hurt memory (120 s) the cap is gone.
        step(200, 1.0, 2);
        assertThat(step(203, 1.0, 5)).isGreaterThan(b);
    }
}
