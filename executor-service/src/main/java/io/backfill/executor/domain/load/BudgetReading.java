package io.backfill.executor.domain.load;

import java.util.Objects;

/**
 * The warehouse budget a sample carries from the elected sampler's controller (see
 * {@code WarehouseBudgetController}): what all executors of the warehouse may spend together.
 *
 * @param budget statement-seconds per second for the whole warehouse; 0 stops new work
 * @param latencyRatio the raw signal it acted on, NaN when unknown
 * @param used statement-seconds per second the coordinator ran over the window, NaN when unknown
 * @param state learning, probing, idle (no user query seen: the whole budget), holding, increasing, decreasing or stopped
 * @param reason what limits the budget now, in words
 */
public record BudgetReading(double budget, double latencyRatio, double used, String state, String reason) {

    public BudgetReading {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budget must be a finite number >= 0: " + budget);
        }
    }

    /** True while the controller holds for its baseline (learning or a probe hold) rather than for load. */
    public boolean holdingForBaseline() {
        return state.equals("learning") || state.equals("probing");
    }
}
