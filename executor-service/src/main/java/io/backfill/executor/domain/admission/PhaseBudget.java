package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.util.Optional;

/**
 * The part of a phase's budget an executor enforces itself: how many of the phase's partitions may
 * stage at once, how fast they may start, and how many rows per second the phase may write on
 * average (a staged partition's rows push the next start of its phase back by rows / rate). The
 * planner fills unset budget fields with the global defaults before a phase reaches an executor;
 * {@link #UNLIMITED} stands for "no phase limit".
 */
public record PhaseBudget(int maxConcurrentStatements, double maxPartitionsPerSecond, double maxRowsPerSecond) {

    public static final PhaseBudget UNLIMITED =
            new PhaseBudget(Integer.MAX_VALUE, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    /** A budget with no row-rate limit. */
    public PhaseBudget(int maxConcurrentStatements, double maxPartitionsPerSecond) {
        this(maxConcurrentStatements, maxPartitionsPerSecond, Double.POSITIVE_INFINITY);
    }

    public PhaseBudget {
        if (!(maxRowsPerSecond > 0)) {
            throw new IllegalArgumentException("maxRowsPerSecond must be positive: " + maxRowsPerSecond);
        }
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

    /** How long writing {@code rows} takes at this budget's row rate; zero when rows are unlimited. */
    public Duration rowsCost(long rows) {
        if (Double.isInfinite(maxRowsPerSecond) || rows <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(rows * 1_000_000_000d / maxRowsPerSecond));
    }

    /**
     * Narrows an instance-wide decision to this budget: fewer permits or wider spacing, never more.
     * The instance's work budget is carried through unchanged: it is spent instance-wide (the pacer
     * checks it against all running partitions), a phase narrows only permits and spacing.
     */
    public AdmissionDecision clamp(AdmissionDecision decision) {
        if (decision.pauseConsumption()) {
            return decision;
        }
        Duration spacing = minStartSpacing();
        return new AdmissionDecision(
                Math.min(decision.permits(), maxConcurrentStatements),
                spacing.compareTo(decision.minStartSpacing()) > 0 ? spacing : decision.minStartSpacing(),
                Optional.empty(),
                decision.workBudget());
    }
}
