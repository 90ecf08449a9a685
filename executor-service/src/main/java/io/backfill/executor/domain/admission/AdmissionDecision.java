package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link AdmissionController} allows right now.
 *
 * @param permits how many partitions may be running at once (running partitions above this number
 *     are not interrupted; no new one starts until the count is back below it)
 * @param minStartSpacing the least time between two partition starts (the rate limit)
 * @param pause present when consumption of new phases must pause; {@code permits} is then 0
 * @param workBudget statement-seconds per second the instance may spend, paced by a {@link WorkBudget}
 *     in the {@link PartitionPacer} (fractional: 0.5 is one statement about half of the time);
 *     {@link Double#POSITIVE_INFINITY} when the decision is not budget-paced (what {@link #admit} and
 *     {@link #paused} produce)
 */
public record AdmissionDecision(int permits, Duration minStartSpacing, Optional<PauseReason> pause, double workBudget) {

    public AdmissionDecision {
        Objects.requireNonNull(minStartSpacing, "minStartSpacing");
        Objects.requireNonNull(pause, "pause");
        if (permits < 0) {
            throw new IllegalArgumentException("permits must not be negative: " + permits);
        }
        if (minStartSpacing.isNegative()) {
            throw new IllegalArgumentException("minStartSpacing must not be negative: " + minStartSpacing);
        }
        if (pause.isPresent() && permits != 0) {
            throw new IllegalArgumentException("a paused decision admits nothing, not " + permits);
        }
        if (!(workBudget > 0)) {
            throw new IllegalArgumentException(
                    "workBudget must be positive (infinite when not budget-paced): " + workBudget);
        }
    }

    /** A decision that is not budget-paced: permits and spacing only. */
    public AdmissionDecision(int permits, Duration minStartSpacing, Optional<PauseReason> pause) {
        this(permits, minStartSpacing, pause, Double.POSITIVE_INFINITY);
    }

    public static AdmissionDecision admit(int permits, Duration minStartSpacing) {
        return new AdmissionDecision(permits, minStartSpacing, Optional.empty());
    }

    public static AdmissionDecision paused(PauseReason reason) {
        return new AdmissionDecision(0, Duration.ZERO, Optional.of(reason));
    }

    /**
     * A decision paced by a work budget alone: {@code min(ceil(workBudget), instanceCap)} permits
     * (more could never run at once without overspending) and no start spacing.
     *
     * @param workBudget statement-seconds per second, finite and positive
     * @param instanceCap the most partitions the instance ever runs at once, positive
     */
    public static AdmissionDecision budgeted(double workBudget, int instanceCap) {
        if (!(workBudget > 0) || Double.isInfinite(workBudget)) {
            throw new IllegalArgumentException("workBudget must be finite and positive: " + workBudget);
        }
        if (instanceCap <= 0) {
            throw new IllegalArgumentException("instanceCap must be positive: " + instanceCap);
        }
        int permits = (int) Math.min(instanceCap, Math.ceil(workBudget));
        return new AdmissionDecision(permits, Duration.ZERO, Optional.empty(), workBudget);
    }

    /** True when the service should pause consumption of new phases. */
    public boolean pauseConsumption() {
        return pause.isPresent();
    }

    /** True when starts are paced by {@link #workBudget} (it is finite). */
    public boolean budgetPaced() {
        return Double.isFinite(workBudget);
    }

    /**
     * Statement-seconds per second admitted, for gauges and timelines: the work budget when the
     * decision is budget-paced, else {@code permits} (0 while paused).
     */
    public double admittedBudget() {
        if (pauseConsumption()) {
            return 0;
        }
        return budgetPaced() ? workBudget : permits;
    }
}
