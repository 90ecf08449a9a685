package io.backfill.executor.domain.admission;

import java.time.Duration;

/**
 * The part of a phase's budget an executor enforces itself: how many of the phase's partitions may
 * stage at once and how fast they may start. The planner fills unset budget fields with the global
 * defaults before a phase reaches an executor; {@link #UNLIMITED} stands for "no phase limit".
 */
public record PhaseBudget(int maxConcurrentStatements, double maxPartitionsPerSecond) {

    public static final PhaseBudget UNLIMITED = new PhaseBudget(Integer.MAX_VALUE, Double.POSITIVE_INFINITY);

    public PhaseBudget {
        if (maxConcurrentStatements <= 0) {
            throw new IllegalArgumentException("maxConcurrentStatements must be positive: " + maxConcurrentStatements);
        }
        if (!(maxPartitionsPerSecond > 0)) {
            throw new IllegalArgumentException("maxPartitionsPerSecond must be positive: " + maxPartitionsPerSecond);
        }
    }

    /** The least spacing between starts this budget implies: {@code 1 / maxPartitionsPerSecond}. */
    public Duration minStartSpacing() {
        if (Double.isInfinite(maxPartitionsPerSecond)) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(1_000_000_000d / maxPartitionsPerSecond));
    }

    /** Narrows an instance-wide decision to this budget: fewer permits or wider spacing, never more. */
    public AdmissionDecision clamp(AdmissionDecision decision) {
        if (decision.pauseConsumption()) {
            return decision;
        }
        Duration spacing = minStartSpacing();
        return AdmissionDecision.admit(
                Math.min(decision.permits(), maxConcurrentStatements),
                spacing.compareTo(decision.minStartSpacing()) > 0 ? spacing : decision.minStartSpacing());
    }
}
