package io.backfill.executor.domain.control;

import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of {@link BudgetLaw}. Defaults: {@link #defaults()}.
 *
 * @param targetRatio the latency ratio (foreground latency with the backfill over without it) to hold,
 *     outside peak windows (default 1.2: users feel at most 20% slower queries)
 * @param peakTargetRatio the ratio to hold inside peak windows (default 1.1)
 * @param band half-width of the dead band around the target: inside it the budget holds still
 *     (default 0.1, so 1.1–1.3 at the default target)
 * @param ceilingRatio a ratio above which the breach is severe (default 3.0): sustained for
 *     {@code ceilingSamples} samples it stops new work entirely; once it cuts the budget to its floor
 * @param ceilingSamples consecutive samples above the ceiling before it stops new work (default 2;
 *     one noisy sample never does)
 * @param minBudget the floor of the budget while not stopped (default 0.05 statement-seconds per
 *     second: one statement about a twentieth of the time, so the law keeps measuring its effect)
 * @param maxBudget the most statement-seconds per second it ever admits on the warehouse (default 8)
 * @param initialBudget where it starts (default 0.25: start low and probe)
 * @param minSettle the least time between a change and the next increase (default 2.5 s, the
 *     measuring window); the law also waits for the running statements' duration, whichever is longer
 * @param increaseFactor multiplicative step of an increase (default 1.25), plus {@code minStep}
 * @param minStep the least an increase adds (default 0.05 statement-seconds per second)
 * @param usedFraction an increase needs the budget used to at least this fraction (default 0.6):
 *     a budget nobody spends says nothing about whether more would hurt
 * @param hurtMemory how long a budget that hurt caps increases (default 120 s)
 */
public record BudgetLawSettings(
        double targetRatio,
        double peakTargetRatio,
        double band,
        double ceilingRatio,
        int ceilingSamples,
        double minBudget,
        double maxBudget,
        double initialBudget,
        Duration minSettle,
        double increaseFactor,
        double minStep,
        double usedFraction,
        Duration hurtMemory) {

    public BudgetLawSettings {
        Objects.requireNonNull(minSettle, "minSettle");
        Objects.requireNonNull(hurtMemory, "hurtMemory");
        requireRatio(targetRatio, "targetRatio");
        requireRatio(peakTargetRatio, "peakTargetRatio");
        if (!(band > 0 && band <= 0.5)) {
            throw new IllegalArgumentException("band must be in (0, 0.5]: " + band);
        }
        if (!(ceilingRatio > targetRatio + band && ceilingRatio > peakTargetRatio + band)) {
            throw new IllegalArgumentException(
                    "ceilingRatio must be above every target plus the band: " + ceilingRatio);
        }
        if (ceilingSamples < 1) {
            throw new IllegalArgumentException("ceilingSamples must be at least 1: " + ceilingSamples);
        }
        if (!(minBudget > 0 && minBudget <= initialBudget && initialBudget <= maxBudget)
                || Double.isInfinite(maxBudget)) {
            throw new IllegalArgumentException(
                    "budgets must satisfy 0 < minBudget <= initialBudget <= maxBudget < inf: " + minBudget + ", "
                            + initialBudget + ", " + maxBudget);
        }
        if (!(increaseFactor >= 1 && minStep > 0 && (increaseFactor > 1 || minStep > 0))) {
            throw new IllegalArgumentException("increaseFactor must be >= 1 and minStep > 0");
        }
        if (!(usedFraction >= 0 && usedFraction <= 1)) {
            throw new IllegalArgumentException("usedFraction must be in [0, 1]: " + usedFraction);
        }
        if (minSettle.isNegative() || hurtMemory.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static BudgetLawSettings defaults() {
        return new BudgetLawSettings(
                1.2,
                1.1,
                0.1,
                3.0,
                2,
                0.05,
                8.0,
                0.25,
                Duration.ofMillis(2500),
                1.25,
                0.05,
                0.6,
                Duration.ofSeconds(120));
    }

    private static void requireRatio(double ratio, String name) {
        if (!(ratio > 1 && ratio <= 10)) {
            throw new IllegalArgumentException(name + " must be in (1, 10]: " + ratio);
        }
    }
}
