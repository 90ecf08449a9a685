package io.backfill.planner.domain.projection;

import java.time.Duration;

/**
 * How many seconds of open-window wall-clock time one partition of a backfill takes, re-estimated
 * after each progress observation.
 *
 * <p>Starts from a prior (row counts × rate). The first observation replaces the prior outright,
 * because one real measurement beats a guess from row counts; after that an exponentially
 * weighted moving average with weight {@code alpha} on the newest observation follows drift (load,
 * skew across the range) while smoothing single slow partitions. With the default 0.3 an old
 * observation's weight halves about every two observations.
 */
public record ThroughputEstimate(double secondsPerPartition, long observations, double alpha) {

    public static final double DEFAULT_ALPHA = 0.3;

    public ThroughputEstimate {
        if (!(secondsPerPartition >= 0) || Double.isInfinite(secondsPerPartition)) {
            throw new IllegalArgumentException("secondsPerPartition must be finite and non-negative");
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
        }
    }

    public static ThroughputEstimate prior(double secondsPerPartition) {
        return new ThroughputEstimate(secondsPerPartition, 0, DEFAULT_ALPHA);
    }

    /** Folds in that {@code partitions} partitions completed in {@code elapsed} of open-window time. */
    public ThroughputEstimate observe(int partitions, Duration elapsed) {
        if (partitions <= 0) {
            return this;
        }
        double observed = elapsed.toNanos() / 1e9 / partitions;
        double next = observations == 0 ? observed : alpha * observed + (1 - alpha) * secondsPerPartition;
        return new ThroughputEstimate(next, observations + 1, alpha);
    }

    /** The open-window time still needed for {@code partitions} more partitions. */
    public Duration remainingWork(long partitions) {
        return Duration.ofNanos(Math.round(secondsPerPartition * partitions * 1e9));
    }
}
