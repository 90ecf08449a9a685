package io.backfill.executor.domain.admission;

import io.backfill.executor.domain.load.LoadSample;

/**
 * Decides how much work one executor instance may start, from the latest load samples of its
 * warehouse and its clock. Every implementation keeps its decision within the instance cap;
 * {@link #decision(PhaseBudget)} narrows it to one phase's budget.
 *
 * <p>Implementations are thread-safe: samples arrive on the consumer thread, workers ask for
 * decisions on their own threads. Build one with {@link AdmissionControllers#create}.
 */
public interface AdmissionController {

    /** Feeds the latest sample of this executor's warehouse (from {@code warehouse-load}). */
    void onLoadSample(LoadSample sample);

    /** The instance-wide decision at the controller's clock's current instant. */
    AdmissionDecision decision();

    /** The decision narrowed to one phase's budget. */
    default AdmissionDecision decision(PhaseBudget budget) {
        return budget.clamp(decision());
    }

    /**
     * Why the decision is what it is, with every signal's value and threshold (the throttle reason
     * of {@code GET /executor}). Controllers that know more than their decision override it.
     */
    default AdmissionExplanation explain() {
        return AdmissionExplanation.of(strategy(), decision());
    }

    /** The configured strategy name, for logs and metrics tags. */
    AdmissionStrategy strategy();
}
