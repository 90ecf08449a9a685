package io.backfill.executor.domain.control;

import io.backfill.executor.domain.admission.AdmissionExplanation;
import java.util.Objects;

/**
 * What the warehouse budget controller publishes with each sample: the budget for the whole warehouse
 * (all executors together), the signal it acted on and why.
 *
 * @param budget statement-seconds per second for all executors of the warehouse; 0 stops new work
 * @param ratio the latency ratio over the measuring window, NaN while unknown
 * @param used statement-seconds per second the coordinator ran over the window, NaN when unknown
 * @param explanation the state, the throttle reason and every signal with its threshold
 */
public record BudgetVerdict(double budget, double ratio, double used, AdmissionExplanation explanation) {

    public BudgetVerdict {
        Objects.requireNonNull(explanation, "explanation");
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budget must be finite and >= 0: " + budget);
        }
    }

    public String state() {
        return explanation.state();
    }

    public String reason() {
        return explanation.reason();
    }
}
